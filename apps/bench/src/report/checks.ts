/**
 * The "must show" list, evaluated on a report: each claim with the figures behind it and
 * whether this run supports it. The report prints them as they come out, pass or not.
 */
import type { BenchReport, CellResult } from '../results.js'
import { formatOps, formatPercent } from './format.js'
import { leastCpu } from './results-table.js'

/** One evaluated claim. */
export interface Check {
  claim: string
  holds: boolean | undefined
  detail: string
}

const COMPETITORS = ['keyv', 'cache-manager', 'bentocache']
const CACHEX = ['cachex-cbor', 'cachex-json']
const GET_SET_MANY = new Set(['get-hit', 'get-miss', 'set', 'get-many-100', 'set-many-100'])

function cell(report: BenchReport, system: string, scenario: string, payload: string, concurrency: number) {
  return report.cells.find(
    (c) => c.system === system && c.scenario === scenario && c.payload === payload && c.concurrency === concurrency,
  )
}

function ratioCheck(report: BenchReport, scenario: string, threshold: number, what: string): Check {
  const parts: string[] = []
  let holds: boolean | undefined = true
  for (const system of CACHEX) {
    const c = cell(report, system, scenario, '100B', 64)
    if (c?.ratio === undefined) {
      holds = undefined
      parts.push(`${system}: not measured`)
      continue
    }
    if (c.ratio < threshold) holds = false
    const baseline = cell(report, system === 'cachex-cbor' ? 'raw-cbor' : 'raw-json', scenario, '100B', 64)
    const cpu = baseline ? `; client CPU ${leastCpu(c).toFixed(1)} vs ${leastCpu(baseline).toFixed(1)} us/op` : ''
    parts.push(`${system} ${formatPercent(c.ratio)} (${formatOps(c.opsPerSec)} ops/s${cpu})`)
  }
  return {
    claim: `cachex ${what} at concurrency 64, ~100 B: >= ${formatPercent(threshold)} of raw ioredis (same encoding)`,
    holds,
    detail: parts.join('; '),
  }
}

/** The ops/s of a cell's rounds as `min-max`, or its best figure when rounds were not kept. */
function roundRange(c: CellResult): string {
  const runs = c.runs ?? [c.opsPerSec]
  const low = Math.min(...runs)
  const high = Math.max(...runs)
  return low === high ? formatOps(high) : `${formatOps(low)}-${formatOps(high)}`
}

/** Where `system` (a cachex system) is not ahead of a competitor on a get/set/getMany cell, or `[]`. */
function notAhead(report: BenchReport, system: string): string[] {
  const misses: string[] = []
  for (const competitor of report.cells.filter((c) => COMPETITORS.includes(c.system) && GET_SET_MANY.has(c.scenario))) {
    const ours = cell(report, system, competitor.scenario, competitor.payload, competitor.concurrency)
    if (ours === undefined || ours.opsPerSec > competitor.opsPerSec) continue
    misses.push(
      `${competitor.scenario}/${competitor.payload}/${competitor.concurrency}: ${competitor.system} ` +
        `${formatOps(competitor.opsPerSec)} vs ${formatOps(ours.opsPerSec)} ` +
        `(rounds: ${roundRange(competitor)} vs ${roundRange(ours)})`,
    )
  }
  return misses
}

/** The "ahead on every cell" claim for one cachex system. */
function aheadCheck(report: BenchReport, system: string, label: string): Check {
  const compared = report.cells.some((c) => COMPETITORS.includes(c.system))
  const measured = report.cells.some((c) => c.system === system)
  const misses = compared && measured ? notAhead(report, system) : []
  return {
    claim: `${label} ahead of keyv, cache-manager and bentocache on every get/set/getMany cell`,
    holds: compared && measured ? misses.length === 0 : undefined,
    detail: !compared
      ? 'competitors not measured'
      : !measured
        ? `${system} not measured`
        : misses.length === 0
          ? 'ahead in every cell measured'
          : `not ahead in ${misses.length} cell(s): ${misses.join('; ')}`,
  }
}

/** Evaluates every claim. */
export function evaluateChecks(report: BenchReport): Check[] {
  const checks = [
    ratioCheck(report, 'get-hit', 0.9, 'get (hit)'),
    ratioCheck(report, 'set', 0.9, 'set'),
    ratioCheck(report, 'get-many-100', 0.95, 'getMany(100) (vs a raw MGET)'),
  ]
  checks.push(
    aheadCheck(report, 'cachex-cbor', 'cachex with cbor (its default serializer)'),
    aheadCheck(report, 'cachex-json', 'cachex with json (Python-compatible bytes)'),
  )
  const multi = report.herd.filter((h) => h.processes > 1)
  const cachexHerd = multi.filter((h) => h.system.startsWith('cachex'))
  const once = cachexHerd.length > 0 && cachexHerd.every((h) => h.factoryRunsPerRound.every((runs) => runs === 1))
  checks.push({
    claim: 'cold-key getOrSet: cachex runs the factory once across processes; the others once per process or caller',
    holds: cachexHerd.length === 0 ? undefined : once,
    detail: multi
      .map(
        (h) => `${h.system} ${Math.max(...h.factoryRunsPerRound)} run(s)/round (${h.processes}x${h.callersPerProcess})`,
      )
      .join('; '),
  })
  const p16 = [...report.redisBenchmark.filter((r) => r.pipeline === 16)].sort((a, b) => b.opsPerSec - a.opsPerSec)
  const serverBest = p16[0]
  // Single-key commands only: a hot-key getOrSet is mostly answered by the in-process single flight.
  const singleKey = new Set(['get-hit', 'get-miss', 'set', 'incr'])
  const cachexCells = report.cells.filter((c) => CACHEX.includes(c.system))
  const best = cachexCells.filter((c) => singleKey.has(c.scenario)).sort((a, b) => b.opsPerSec - a.opsPerSec)[0]
  const bestMany = cachexCells.filter((c) => c.scenario === 'get-many-100').sort((a, b) => b.opsPerSec - a.opsPerSec)[0]
  const parts: string[] = []
  if (best && serverBest) {
    parts.push(
      `${formatOps(best.opsPerSec)} ops/s (${best.system} ${best.scenario} ${best.payload} x${best.concurrency}) / ` +
        `${formatOps(serverBest.opsPerSec)} (redis-benchmark ${serverBest.test} -P 16 -c ${serverBest.clients}) = ` +
        formatPercent(best.opsPerSec / serverBest.opsPerSec),
    )
  }
  if (bestMany && serverBest) {
    parts.push(
      `getMany(100) moves ${formatOps(bestMany.opsPerSec * 100)} keys/s (${bestMany.system}, ${bestMany.payload} ` +
        `x${bestMany.concurrency}) = ${formatPercent((bestMany.opsPerSec * 100) / serverBest.opsPerSec)} of it`,
    )
  }
  checks.push({
    claim: "ratio of cachex's best single-key throughput to redis-benchmark -P 16",
    holds: undefined,
    detail: parts.length > 0 ? parts.join('; ') : 'not measured',
  })
  return checks
}
