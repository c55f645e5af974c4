/** The shapes of what a run produces (the JSON report is a {@link BenchReport}). */
import type { Cell } from './plan.js'

/** One measured cell of one system. */
export interface CellResult extends Cell {
  system: string
  ops: number
  seconds: number
  opsPerSec: number
  p50Ms: number
  p99Ms: number
  /** Client CPU time (user + system) per operation, microseconds. */
  cpuUsPerOp: number
  /** How many slices the measured period was taken in (more than one: in turn with the other systems). */
  slices: number
  errors: number
  firstError?: string
  /** Factory runs during the warm-up and the measured period (getOrSet on a hot key: should be 0). */
  factoryRuns?: number
  /** ops/s of every round of this cell (the figures above are the best round's). */
  runs?: number[]
  /** Client CPU µs per op of every round (the lowest is the least disturbed). */
  cpuRuns?: number[]
  /** opsPerSec over the baseline system's in the same cell (filled in by the report). */
  ratio?: number
}

/** The cold-key getOrSet herd of one system. */
export interface HerdResult {
  system: string
  processes: number
  callersPerProcess: number
  rounds: number
  /** Factory runs per round (one entry per round), summed over the processes. */
  factoryRunsPerRound: number[]
  p50Ms: number
  p99Ms: number
  errors: number
  firstError?: string
}

/** One lock system at one concurrency: acquire + release per operation. */
export interface LockResult {
  system: string
  label: string
  concurrency: number
  opsPerSec: number
  p50Ms: number
  p99Ms: number
  errors: number
  firstError?: string
}

/** One redis-benchmark test. */
export interface RedisBenchmarkResult {
  test: 'GET' | 'SET'
  pipeline: number
  clients: number
  dataSize: number
  requests: number
  opsPerSec: number
  p50Ms: number
  p99Ms: number
}

/** A system's identity and footprint in the run. */
export interface SystemSummary {
  id: string
  label: string
  baseline: string
  notes: string[]
  /** How the system was actually set up in this run (e.g. a fallback it had to take). */
  remarks: string[]
  versions: Record<string, string>
  /** The worker process's peak resident set size, MiB (throughput cells only). */
  peakRssMb: number
}

/** Where and how the run happened. */
export interface Environment {
  startedAt: string
  durationSeconds: number
  mode: 'full' | 'quick'
  cpuModel: string
  cpus: number
  totalMemoryGb: number
  os: string
  node: string
  redis: string
  /** 1-minute load average at start and end (other work on the machine skews the figures). */
  loadAverage: { start: number[]; end: number[] }
  warmupMs: number
  measureMs: number
  /** At 1 in flight the measured period is taken in this many slices, the systems taking them in turn. */
  slicesAtOneInFlight: number
  /** Runs per cell; the best is reported. */
  rounds: number
  /** Where the cachex packages were loaded from. */
  cachexFrom: string
  /** The commit measured, and the cachex source files that had uncommitted changes. */
  commit: string
  uncommitted: string[]
}

/** The whole report. */
export interface BenchReport {
  environment: Environment
  systems: SystemSummary[]
  cells: CellResult[]
  herd: HerdResult[]
  locks: LockResult[]
  redisBenchmark: RedisBenchmarkResult[]
}
