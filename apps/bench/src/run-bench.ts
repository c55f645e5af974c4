/**
 * One bench run: a private redis-server from the testkit harness, then every system's throughput cells
 * (one worker process per system, one system at a time, the database flushed in between), the cold-key
 * herds, the lock cells and redis-benchmark, all against that same server.
 */
import { redisCommand, startStandalone } from '@cachex-js/testkit/redis'
import { loadAverage, machine, packageVersion } from './environment.js'
import { LatencyRecorder } from './measure.js'
import { cellsFor, makePlan, type Plan } from './plan.js'
import { Progress } from './progress.js'
import { runRedisBenchmark } from './redis-benchmark.js'
import type { BenchReport, CellResult, HerdResult, LockResult, RedisBenchmarkResult, SystemSummary } from './results.js'
import { SYSTEMS } from './systems/system-catalog.js'
import type { SystemContext, SystemInfo } from './systems/system.js'
import { WorkerProcess } from './worker-process.js'
import type { WorkerJob } from './worker-protocol.js'

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  mode: 'full' | 'quick'
  /** Only these system ids (default: all). */
  systems?: string[]
  /** Only cells of these scenarios / payloads / concurrencies (default: all of the plan's). */
  only?: { scenarios?: string[]; payloads?: string[]; concurrency?: number[] }
  /** Skip the cold-key herds. */
  skipHerd?: boolean
  /** Skip the lock cells. */
  skipLocks?: boolean
  /** Skip redis-benchmark. */
  skipRedisBenchmark?: boolean
  /** Where progress goes (default stderr). */
  stream?: NodeJS.WriteStream
}

/** A run's report plus whatever failed along the way (a failed system is left out, not fatal). */
export interface RunBenchResult {
  report: BenchReport
  failures: string[]
}

const STARTUP_SECONDS = 1.5

function expectedSeconds(plan: Plan, systems: SystemInfo[], options: RunBenchOptions): number {
  const cellSeconds = (plan.durations.warmupMs + plan.durations.measureMs) / 1000
  let total = 0
  for (const system of systems) total += STARTUP_SECONDS + cellsFor(plan.cells, system).length * cellSeconds
  for (const variant of plan.herd.variants) {
    void variant
    total += systems.length * (STARTUP_SECONDS + plan.herd.rounds * (plan.herd.factoryDelayMs / 1000 + 0.05))
  }
  if (!options.skipLocks) {
    const lockSeconds = (plan.locks.durations.warmupMs + plan.locks.durations.measureMs) / 1000
    total += STARTUP_SECONDS + 3 * plan.locks.concurrency.length * lockSeconds
  }
  if (!options.skipRedisBenchmark) total += plan.redisBenchmark.pipelines.length * (plan.mode === 'quick' ? 0.5 : 4)
  return total
}

function label(cell: { scenario: string; payload: string; concurrency: number }): string {
  return `${cell.scenario} ${cell.payload} x${cell.concurrency}`
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
  if (options.skipHerd) plan.herd.variants = []
  const systems = options.systems ? SYSTEMS.filter((system) => options.systems!.includes(system.id)) : [...SYSTEMS]
  const startedAt = new Date()
  const loadAtStart = loadAverage()
  const progress = new Progress(expectedSeconds(plan, systems, options), options.stream)
  const failures: string[] = []
  const cells: CellResult[] = []
  const herd: HerdResult[] = []
  const locks: LockResult[] = []
  const redisBenchmark: RedisBenchmarkResult[] = []
  const summaries: SystemSummary[] = []
  const redis = await startStandalone()
  const address = { host: redis.host, port: redis.port }
  const contextFor = (prefix: string): SystemContext => ({ url: redis.url, host: redis.host, port: redis.port, prefix })
  const flush = () => redisCommand(address, ['FLUSHALL'])
  let redisVersion = 'unknown'
  try {
    const info = String(await redisCommand(address, ['INFO', 'server']))
    redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
    progress.log(`redis-server ${redisVersion} on ${redis.url} (private, harness-managed); ${plan.mode} run`)

    const cellSeconds = (plan.durations.warmupMs + plan.durations.measureMs) / 1000
    for (const system of systems) {
      await flush()
      const own = cellsFor(plan.cells, system)
      const job: WorkerJob = {
        kind: 'cells',
        system: system.id,
        context: contextFor(`bench:${system.id}:`),
        cells: own,
        durations: plan.durations,
      }
      const worker = new WorkerProcess(job)
      progress.advance(STARTUP_SECONDS, `${system.id}: starting`)
      let peakRssMb = Number.NaN
      for (;;) {
        const message = await worker.next()
        if (message.kind === 'cell') {
          cells.push(message.result)
          if (message.result.errors > 0) {
            failures.push(
              `${system.id} ${label(message.result)}: ${message.result.errors} errors (${message.result.firstError})`,
            )
          }
          progress.advance(cellSeconds, `${system.id} ${label(message.result)}`)
        } else if (message.kind === 'done') {
          peakRssMb = Math.round((message.maxRssKb / 1024) * 10) / 10
          break
        } else if (message.kind === 'failed') {
          failures.push(`${system.id}: ${message.message}`)
          progress.log(`${system.id} failed: ${message.message}`)
          break
        }
      }
      await worker.exit()
      summaries.push({
        id: system.id,
        label: system.label,
        baseline: system.baseline,
        notes: system.notes,
        versions: Object.fromEntries(system.packages.map((name) => [name, packageVersion(name)])),
        peakRssMb,
      })
    }

    for (const system of systems) {
      for (const variant of plan.herd.variants) {
        await flush()
        const result = await runHerd(system, variant, plan, contextFor(`bench:${system.id}:`), failures)
        if (result) herd.push(result)
        progress.advance(
          STARTUP_SECONDS + plan.herd.rounds * (plan.herd.factoryDelayMs / 1000 + 0.05),
          `${system.id} cold getOrSet ${variant.processes}x${variant.callersPerProcess}`,
        )
      }
    }

    if (!options.skipLocks) {
      await flush()
      const worker = new WorkerProcess({
        kind: 'locks',
        context: contextFor('bench:locks:'),
        concurrency: plan.locks.concurrency,
        durations: plan.locks.durations,
      })
      const lockSeconds = (plan.locks.durations.warmupMs + plan.locks.durations.measureMs) / 1000
      progress.advance(STARTUP_SECONDS, 'locks: starting')
      for (;;) {
        const message = await worker.next()
        if (message.kind === 'lock') {
          locks.push(message.result)
          if (message.result.errors > 0) failures.push(`lock ${message.result.system}: ${message.result.firstError}`)
          progress.advance(lockSeconds, `lock ${message.result.system} x${message.result.concurrency}`)
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
        progress.advance(plan.mode === 'quick' ? 0.5 : 4, `redis-benchmark -P ${pipeline}`)
      }
    }
  } finally {
    progress.finish()
    await redis.stop()
  }

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
    const baseline = cells.find(
      (other) =>
        other.system === baselineOf.get(cell.system) &&
        other.scenario === cell.scenario &&
        other.payload === cell.payload &&
        other.concurrency === cell.concurrency,
    )
    return baseline ? { ...cell, ratio: cell.opsPerSec / baseline.opsPerSec } : cell
  })
}

async function runHerd(
  system: SystemInfo,
  variant: Plan['herd']['variants'][number],
  plan: Plan,
  context: SystemContext,
  failures: string[],
): Promise<HerdResult | undefined> {
  const workers = Array.from(
    { length: variant.processes },
    () =>
      new WorkerProcess({
        kind: 'herd',
        system: system.id,
        context,
        callers: variant.callersPerProcess,
        factoryDelayMs: plan.herd.factoryDelayMs,
      }),
  )
  const name = `${system.id} cold getOrSet ${variant.processes}x${variant.callersPerProcess}`
  try {
    const ready = await Promise.all(workers.map((worker) => worker.next()))
    const notReady = ready.find((message) => message.kind !== 'ready')
    if (notReady) {
      failures.push(`${name}: ${notReady.kind === 'failed' ? notReady.message : notReady.kind}`)
      return undefined
    }
    const recorder = new LatencyRecorder()
    const factoryRunsPerRound: number[] = []
    let errors = 0
    let firstError: string | undefined
    for (let round = 0; round < plan.herd.rounds; round++) {
      for (const worker of workers) worker.command({ kind: 'go', key: `cold:${round}` })
      const replies = await Promise.all(workers.map((worker) => worker.next()))
      let runs = 0
      for (const reply of replies) {
        if (reply.kind !== 'herd-round') {
          failures.push(`${name}: ${reply.kind === 'failed' ? reply.message : reply.kind}`)
          return undefined
        }
        runs += reply.factoryRuns
        errors += reply.errors
        firstError ??= reply.firstError
        for (const ms of reply.latenciesMs) recorder.record(ms)
      }
      factoryRunsPerRound.push(runs)
    }
    if (errors > 0) failures.push(`${name}: ${errors} errors (${firstError})`)
    const [p50Ms, p99Ms] = recorder.quantiles(0.5, 0.99)
    return {
      system: system.id,
      ...variant,
      rounds: plan.herd.rounds,
      factoryRunsPerRound,
      p50Ms: p50Ms!,
      p99Ms: p99Ms!,
      errors,
      ...(firstError !== undefined && { firstError }),
    }
  } finally {
    for (const worker of workers) worker.command({ kind: 'stop' })
    await Promise.all(workers.map((worker) => worker.exit()))
  }
}
