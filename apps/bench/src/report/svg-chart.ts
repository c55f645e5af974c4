/**
 * The report's chart, written by hand as SVG: small multiples, one panel per headline cell (scenario,
 * payload, concurrency), one horizontal bar per system with its ops/s. Each panel has its own scale.
 */
import type { BenchReport } from '../results.js'
import { formatOps } from './format.js'

/** The cells the chart shows: [scenario, payload, concurrency]. */
export const CHART_CELLS: readonly (readonly [string, string, number])[] = [
  ['get-hit', '100B', 64],
  ['get-miss', '100B', 64],
  ['set', '100B', 64],
  ['get-many-100', '100B', 64],
  ['set-many-100', '100B', 64],
  ['incr', '100B', 64],
  ['get-or-set-hot', '100B', 64],
  ['get-hit', '10KB', 64],
  ['set', '10KB', 64],
  ['get-hit', '1MB', 64],
  ['set', '1MB', 64],
]

const COLORS: Record<string, string> = {
  'raw-cbor': '#7f7f7f',
  'raw-json': '#b0b0b0',
  'raw-node-redis': '#d4c89a',
  'cachex-cbor': '#1f5fbf',
  'cachex-json': '#4f8fe0',
  'cachex-cbor-brotli': '#2a9d8f',
  'cachex-cbor-gzip': '#76c7b7',
  keyv: '#e07b39',
  'cache-manager': '#c0392b',
  bentocache: '#8e44ad',
}

const PANEL_WIDTH = 470
const LABEL_WIDTH = 150
const BAR_HEIGHT = 13
const BAR_GAP = 3
const COLUMNS = 2

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

/** The chart of `report` as an SVG document. */
export function renderSvgChart(report: BenchReport): string {
  const labels = new Map(report.systems.map((s) => [s.id, s.label]))
  const order = report.systems.map((s) => s.id)
  const panels = CHART_CELLS.map(([scenario, payload, concurrency]) => ({
    title: `${scenario} · ${payload} · ${concurrency} in flight (ops/s)`,
    bars: report.cells
      .filter((c) => c.scenario === scenario && c.payload === payload && c.concurrency === concurrency)
      .sort((a, b) => order.indexOf(a.system) - order.indexOf(b.system)),
  })).filter((panel) => panel.bars.length > 0)
  const panelHeight = (bars: number) => 24 + bars * (BAR_HEIGHT + BAR_GAP) + 12
  const rows: number[] = []
  panels.forEach((panel, i) => {
    const row = Math.floor(i / COLUMNS)
    rows[row] = Math.max(rows[row] ?? 0, panelHeight(panel.bars.length))
  })
  const top = 46
  const height = top + rows.reduce((sum, h) => sum + h, 0) + 10
  const width = PANEL_WIDTH * COLUMNS + 20
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">cachex benchmarks: throughput per system (higher is better)</text>`,
    `<text x="10" y="37" fill="#555">${escapeXml(
      `${report.environment.mode} run, ${report.environment.startedAt.slice(0, 10)}, Node ${report.environment.node}, ` +
        `Redis ${report.environment.redis}, ${report.environment.cpus} x ${report.environment.cpuModel}`,
    )}</text>`,
  ]
  panels.forEach((panel, i) => {
    const row = Math.floor(i / COLUMNS)
    const x = 10 + (i % COLUMNS) * PANEL_WIDTH
    const y = top + rows.slice(0, row).reduce((sum, h) => sum + h, 0)
    const max = Math.max(...panel.bars.map((bar) => bar.opsPerSec))
    const span = PANEL_WIDTH - LABEL_WIDTH - 70
    out.push(`<g transform="translate(${x},${y})">`)
    out.push(`<text x="0" y="14" font-weight="bold">${escapeXml(panel.title)}</text>`)
    panel.bars.forEach((bar, b) => {
      const by = 22 + b * (BAR_HEIGHT + BAR_GAP)
      const w = max > 0 ? Math.max(1, (bar.opsPerSec / max) * span) : 1
      const color = COLORS[bar.system] ?? '#444444'
      out.push(
        `<text x="${LABEL_WIDTH - 6}" y="${by + BAR_HEIGHT - 3}" text-anchor="end">${escapeXml(labels.get(bar.system) ?? bar.system)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${by}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${color}"/>`,
        `<text x="${(LABEL_WIDTH + w + 4).toFixed(1)}" y="${by + BAR_HEIGHT - 3}">${formatOps(bar.opsPerSec)}</text>`,
      )
    })
    out.push('</g>')
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
