/**
 * One bench run against a private redis-server from the testkit harness. Every system gets its own worker
 * process; the cells run one at a time, cell by cell, each cell for every system in turn (the order rotating),
 * so a burst of outside load hits all systems of a cell alike (at 1 in flight in slices: see
 * `Plan.slicesAtOneInFlight`); every cell runs `plan.rounds` times and the best run is kept. Then the cold-key
 * herds, the lock cells and redis-benchmark, on the same server.
 */
import { execFileSync } from 'node:child_process'
import { redisCommand, startStandalone } from '@cachex-js/testkit/redis'
import { loadAverage, machine, packageVersion } from './environment.js'
import { cellsFor, makePlan, type Cell, type Plan } from './plan.js'
import { Progress } from './progress.js'
import { runHerd } from './run-herd.js'
import { runRedisBenchmark } from './redis-benchmark.js'
import type { BenchReport, CellResult, HerdResult, LockResult, RedisBenchmarkResult, SystemSummary } from './results.js'
import { SYSTEMS } from './systems/system-catalog.js'
import type { SystemContext, SystemInfo } from './systems/system.js'
import { WorkerProcess } from './worker-process.js'
import type { WorkerCommand, WorkerMessage } from './worker-protocol.js'

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  mode: 'full' | 'quick'
  /** Only these system ids (default: all). */
  systems?: string[]
  /** Only cells of these scenarios / payloads / concurrencies (default: all of the plan's). */
  only?: { scenarios?: string[]; payloads?: string[]; concurrency?: number[] }
  /** Overrides the plan's number of rounds. */
  rounds?: number
  /** Skip the cold-key herds. */
  skipHerd?: boolean
  /** Skip the lock cells. */
  skipLocks?: boolean
  /** Skip redis-benchmark. */
  skipRedisBenchmark?: boolean
  /** Load the cachex packages from their sources instead of their built `dist/` (see {@link WorkerProcess}). */
  source?: boolean
  /** Where progress goes (default stderr). */
  stream?: NodeJS.WriteStream
}

/** A run's report plus whatever failed along the way (a failed system is left out, not fatal). */
export interface RunBenchResult {
  report: BenchReport
  failures: string[]
}

const STARTUP_SECONDS = 1.5

const seconds = (d: { warmupMs: number; measureMs: number }) => (d.warmupMs + d.measureMs) / 1000

function herdSeconds(plan: Plan): number {
  return STARTUP_SECONDS + plan.herd.rounds * (plan.herd.factoryDelayMs / 1000 + 0.05)
}

function redisBenchmarkSeconds(plan: Plan): number {
  return plan.mode === 'quick' ? 0.5 : 5
}

/** The expected duration of a run, for the progress bar. */
function expectedSeconds(plan: Plan, systems: SystemInfo[], options: RunBenchOptions): number {
  let total = systems.length * STARTUP_SECONDS
  for (const system of systems) total += plan.rounds * cellsFor(plan.cells, system).length * seconds(plan.durations)
  total += plan.herd.variants.length * systems.length * herdSeconds(plan)
  if (!options.skipLocks) {
    total += STARTUP_SECONDS + plan.rounds * 3 * plan.locks.concurrency.length * seconds(plan.locks.durations)
  }
  if (!options.skipRedisBenchmark) total += plan.redisBenchmark.pipelines.length * redisBenchmarkSeconds(plan)
  return total
}

function label(cell: Cell): string {
  return `${cell.scenario} ${cell.payload} x${cell.concurrency}`
}

function sameCell(a: Cell, b: Cell): boolean {
  return a.scenario === b.scenario && a.payload === b.payload && a.concurrency === b.concurrency
}

/** The commit the run measured, and whether the measured packages had uncommitted changes. */
function gitState(): { commit: string; dirty: string[] } {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const commit = git('rev-parse', '--short', 'HEAD').trim()
    const dirty = git('status', '--porcelain', '--', 'packages/core', 'packages/serializers', 'packages/compressors')
      .concat(git('status', '--porcelain', '--', 'packages/redis-client', 'packages/lock'))
      .split('\n')
      .filter((line) => /\bsrc\//.test(line))
      .map((line) => line.slice(3))
    return { commit, dirty }
  } catch {
    return { commit: 'unknown', dirty: [] }
  }
}

/** Runs the bench and returns its report; the caller writes it. */
export async function runBench(options: RunBenchOptions): Promise<RunBenchResult> {
  const plan = makePlan(options.mode)
  const only = options.only ?? {}
  plan.cells = plan.cells.filter(
    (cell) =>
      (only.scenarios === undefined || only.scenarios.includes(cell.scenario)) &&
      (only.payloads === undefined || only.payloads.includes(cell.payload)) &&
      (only.concurrency === undefined || only.concurrency.includes(cell.concurrency)),
  )
  if (options.rounds !== undefined) plan.rounds = options.rounds
  if (options.skipHerd) plan.herd.variants = []
  const systems = options.systems ? SYSTEMS.filter((system) => options.systems!.includes(system.id)) : [...SYSTEMS]
  const startedAt = new Date()
  const loadAtStart = loadAverage()
  const git = gitState()
  const progress = new Progress(expectedSeconds(plan, systems, options), options.stream)
  const failures: string[] = []
  const herd: HerdResult[] = []
  const locks: LockResult[] = []
  const redisBenchmark: RedisBenchmarkResult[] = []
  const redis = await startStandalone()
  const address = { host: redis.host, port: redis.port }
  const contextFor = (prefix: string): SystemContext => ({ url: redis.url, host: redis.host, port: redis.port, prefix })
  const flush = () => redisCommand(address, ['FLUSHALL'])
  const source = options.source ?? false
  let redisVersion = 'unknown'
  const peakRss = new Map<string, number>()
  const remarks = new Map<string, string[]>()
  const runs = new Map<string, CellResult[]>()
  try {
    const info = String(await redisCommand(address, ['INFO', 'server']))
    redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
    progress.log(
      `redis-server ${redisVersion} on ${redis.url} (private, harness-managed); ${plan.mode} run, ` +
        `${plan.rounds} round(s), cachex from ${source ? 'sources' : 'dist/'}`,
    )

    // One worker per system, started one after the other.
    const workers = new Map<string, WorkerProcess>()
    for (const system of systems) {
      const worker = new WorkerProcess(
        { kind: 'system', system: system.id, context: contextFor(`bench:${system.id}:`) },
        { source },
      )
      const ready = await worker.next()
      progress.advance(STARTUP_SECONDS, `${system.id}: started`)
      if (ready.kind === 'ready') {
        workers.set(system.id, worker)
        remarks.set(system.id, ready.remarks ?? [])
      } else {
        failures.push(`${system.id}: ${ready.kind === 'failed' ? ready.message : ready.kind}`)
        await worker.exit()
      }
    }

    // A worker that fails is reported and dropped from the rest of the run.
    const drop = async (id: string, step: string, message: WorkerMessage) => {
      failures.push(`${id} ${step}: ${message.kind === 'failed' ? message.message : message.kind}`)
      const worker = workers.get(id)
      workers.delete(id)
      worker?.command({ kind: 'stop' }) // a worker still alive closes its system and exits
      await worker?.exit()
    }
    const record = (id: string, cell: Cell, result: CellResult) => {
      const key = `${id}|${label(cell)}`
      runs.set(key, [...(runs.get(key) ?? []), result])
      if (result.errors > 0) failures.push(`${id} ${label(cell)}: ${result.errors} errors (${result.firstError})`)
    }
    /** Sends `command` to each of `ids` in turn, waiting for `expected` from each (the others are dropped). */
    const inTurn = async (
      ids: string[],
      command: WorkerCommand,
      expected: WorkerMessage['kind'],
      cell: Cell,
      round: number,
    ) => {
      for (const id of ids) {
        const worker = workers.get(id)
        if (worker === undefined) continue
        worker.command(command)
        const message = await worker.next()
        if (message.kind !== expected) await drop(id, label(cell), message)
        else if (message.kind === 'cell') record(id, cell, message.result)
        if (message.kind === 'cell' || message.kind !== expected) {
          progress.advance(seconds(plan.durations), `round ${round + 1}/${plan.rounds}: ${id} ${label(cell)}`)
        }
      }
    }

    for (let round = 0; round < plan.rounds; round++) {
      for (const [index, cell] of plan.cells.entries()) {
        const offset = (index + round) % systems.length
        const order = [...systems.slice(offset), ...systems.slice(0, offset)]
          .filter((system) => cellsFor([cell], system).length > 0)
          .map((system) => system.id)
        const slices = cell.concurrency === 1 ? plan.slicesAtOneInFlight : 1
        if (slices > 1) {
          await inTurn(order, { kind: 'warm', cell, warmupMs: plan.durations.warmupMs }, 'warmed', cell, round)
          for (let slice = 0; slice < slices; slice++) {
            await inTurn(order, { kind: 'slice', ms: plan.durations.measureMs / slices }, 'sliced', cell, round)
          }
          await inTurn(order, { kind: 'report' }, 'cell', cell, round)
        } else {
          await inTurn(order, { kind: 'cell', cell, durations: plan.durations }, 'cell', cell, round)
        }
      }
    }
    for (const [id, worker] of workers) {
      worker.command({ kind: 'stop' })
      const message = await worker.next()
      if (message.kind === 'done') peakRss.set(id, Math.round((message.maxRssKb / 1024) * 10) / 10)
      else failures.push(`${id}: ${message.kind === 'failed' ? message.message : message.kind}`)
      await worker.exit()
    }

    for (const system of systems) {
      for (const variant of plan.herd.variants) {
        await flush()
        const context = contextFor(`bench:${system.id}:`)
        const result = await runHerd(system, variant, plan, context, source, failures)
        if (result) herd.push(result)
        progress.advance(
          herdSeconds(plan),
          `${system.id} cold getOrSet ${variant.processes}x${variant.callersPerProcess}`,
        )
      }
    }

    if (!options.skipLocks) {
      await flush()
      const worker = new WorkerProcess(
        {
          kind: 'locks',
          context: contextFor('bench:locks:'),
          concurrency: plan.locks.concurrency,
          durations: plan.locks.durations,
          rounds: plan.rounds,
        },
        { source },
      )
      progress.advance(STARTUP_SECONDS, 'locks: started')
      for (;;) {
        const message = await worker.next()
        if (message.kind === 'lock') {
          const { result } = message
          const previous = locks.findIndex((l) => l.system === result.system && l.concurrency === result.concurrency)
          if (previous < 0) locks.push(result)
          else if (locks[previous]!.opsPerSec < result.opsPerSec) locks[previous] = result
          if (result.errors > 0) failures.push(`lock ${result.system}: ${result.firstError}`)
          progress.advance(seconds(plan.locks.durations), `lock ${result.system} x${result.concurrency}`)
        } else if (message.kind === 'failed') {
          failures.push(`locks: ${message.message}`)
          break
        } else if (message.kind === 'done') break
      }
      await worker.exit()
    }

    if (!options.skipRedisBenchmark) {
      for (const pipeline of plan.redisBenchmark.pipelines) {
        await flush()
        try {
          redisBenchmark.push(...(await runRedisBenchmark({ ...address, ...plan.redisBenchmark, pipeline })))
        } catch (error) {
          failures.push(`redis-benchmark -P ${pipeline}: ${String(error)}`)
        }
        progress.advance(redisBenchmarkSeconds(plan), `redis-benchmark -P ${pipeline}`)
      }
    }
  } finally {
    progress.finish()
    await redis.stop()
  }

  // The best run of each cell, with every run's ops/s alongside.
  const cells: CellResult[] = []
  for (const system of systems) {
    for (const cell of plan.cells) {
      const all = runs.get(`${system.id}|${label(cell)}`)
      if (!all?.length) continue
      const best = all.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a))
      cells.push({
        ...best,
        runs: all.map((run) => Math.round(run.opsPerSec)),
        cpuRuns: all.map((run) => Math.round(run.cpuUsPerOp * 10) / 10),
      })
    }
  }
  const summaries: SystemSummary[] = systems.map((system) => ({
    id: system.id,
    label: system.label,
    baseline: system.baseline,
    notes: system.notes,
    remarks: remarks.get(system.id) ?? [],
    versions: Object.fromEntries(system.packages.map((name) => [name, packageVersion(name)])),
    peakRssMb: peakRss.get(system.id) ?? Number.NaN,
  }))
  const report: BenchReport = {
    environment: {
      startedAt: startedAt.toISOString(),
      durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      mode: plan.mode,
      ...machine(),
      node: process.version,
      redis: redisVersion,
      loadAverage: { start: loadAtStart, end: loadAverage() },
      warmupMs: plan.durations.warmupMs,
      measureMs: plan.durations.measureMs,
      slicesAtOneInFlight: plan.slicesAtOneInFlight,
      rounds: plan.rounds,
      cachexFrom: source ? 'sources (tsx)' : 'dist (tsup build)',
      commit: git.commit,
      uncommitted: git.dirty,
    },
    systems: summaries,
    cells: withRatios(cells, summaries),
    herd,
    locks,
    redisBenchmark,
  }
  return { report, failures }
}

/** Each cell's ops/s over its system's baseline (raw ioredis, same encoding) in the same cell. */
function withRatios(cells: CellResult[], systems: SystemSummary[]): CellResult[] {
  const baselineOf = new Map(systems.map((system) => [system.id, system.baseline]))
  return cells.map((cell) => {
    const baseline = cells.find((other) => other.system === baselineOf.get(cell.system) && sameCell(other, cell))
    return baseline ? { ...cell, ratio: cell.opsPerSec / baseline.opsPerSec } : cell
  })
}
