/**
 * The throughput results as rows of text cells (one table per payload size: scenario x concurrency down,
 * systems across), rendered for the terminal or as Markdown.
 */
import type { BenchReport, CellResult } from '../results.js'
import { formatMs, formatOps, formatRatio } from './format.js'

/** A table: header cells and rows of cells. */
export interface Table {
  title: string
  header: string[]
  rows: string[][]
}

/** What each table cell shows. */
export type TableKind = 'throughput' | 'latency' | 'cpu'

function systemsIn(report: BenchReport, payload: string): string[] {
  const present = new Set(report.cells.filter((c) => c.payload === payload).map((c) => c.system))
  return report.systems.map((s) => s.id).filter((id) => present.has(id))
}

function show(cell: CellResult | undefined, kind: TableKind): string {
  if (cell === undefined) return '-'
  if (kind === 'latency') return `${formatMs(cell.p50Ms)} / ${formatMs(cell.p99Ms)}`
  if (kind === 'cpu') return formatCpu(leastCpu(cell))
  const ratio = cell.system.startsWith('raw-') ? '' : ` ${formatRatio(cell.ratio)}`
  return `${formatOps(cell.opsPerSec)}${ratio}`
}

/** One table per payload size. */
export function resultTables(report: BenchReport, kind: TableKind): Table[] {
  const payloads = [...new Set(report.cells.map((c) => c.payload))]
  return payloads.map((payload) => {
    const systems = systemsIn(report, payload)
    const keys = [
      ...new Map(
        report.cells.filter((c) => c.payload === payload).map((c) => [`${c.scenario}|${c.concurrency}`, c]),
      ).values(),
    ]
    return {
      title:
        kind === 'throughput'
          ? `${payload}: ops/s (ratio to raw ioredis, same encoding)`
          : kind === 'cpu'
            ? `${payload}: client CPU per operation, microseconds (least of the rounds)`
            : `${payload}: latency p50 / p99, ms`,
      header: ['scenario', 'in flight', ...systems],
      rows: keys.map((key) => [
        key.scenario,
        String(key.concurrency),
        ...systems.map((system) =>
          show(
            report.cells.find(
              (c) =>
                c.system === system &&
                c.payload === payload &&
                c.scenario === key.scenario &&
                c.concurrency === key.concurrency,
            ),
            kind,
          ),
        ),
      ]),
    }
  })
}

/** The client CPU per operation of a cell's least disturbed round, in microseconds. */
export function leastCpu(cell: CellResult): number {
  return cell.cpuRuns && cell.cpuRuns.length > 0 ? Math.min(...cell.cpuRuns) : cell.cpuUsPerOp
}

function formatCpu(us: number): string {
  return us >= 100 ? us.toFixed(0) : us.toFixed(1)
}

/** A table as aligned plain text. */
export function renderText(table: Table): string {
  const all = [table.header, ...table.rows]
  const widths = table.header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)))
  const line = (row: string[]) =>
    row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [table.title, line(table.header), ...table.rows.map(line)].join('\n')
}

/** A table as Markdown (numbers right-aligned). */
export function renderMarkdown(header: string[], rows: string[][], leftColumns = 2): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|')
  const align = header.map((_, i) => (i < leftColumns ? '---' : '---:'))
  return [header, align, ...rows].map((row) => `| ${row.map(escape).join(' | ')} |`).join('\n')
}
