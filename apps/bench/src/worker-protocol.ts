/** The messages between the bench's main process and its workers (one child process per job). */
import type { Cell, Durations } from './plan.js'
import type { CellResult, LockResult } from './results.js'
import type { SystemContext } from './systems/system.js'

/** What a worker is asked to do (its first message). */
export type WorkerJob =
  | { kind: 'system'; system: string; context: SystemContext }
  | { kind: 'herd'; system: string; context: SystemContext; callers: number; factoryDelayMs: number }
  | { kind: 'locks'; context: SystemContext; concurrency: number[]; durations: Durations; rounds: number }

/**
 * Later messages: run a cell whole (system workers); or warm a cell up, measure a slice of it (as often as asked)
 * and report it; start a herd round (herd workers); or finish.
 */
export type WorkerCommand =
  | { kind: 'cell'; cell: Cell; durations: Durations }
  | { kind: 'warm'; cell: Cell; warmupMs: number }
  | { kind: 'slice'; ms: number }
  | { kind: 'report' }
  | { kind: 'go'; key: string }
  | { kind: 'stop' }

/** What a worker reports. */
export type WorkerMessage =
  | { kind: 'cell'; result: CellResult }
  | { kind: 'lock'; result: LockResult }
  | { kind: 'ready'; remarks?: string[] }
  | { kind: 'warmed' }
  | { kind: 'sliced' }
  | { kind: 'herd-round'; factoryRuns: number; latenciesMs: number[]; errors: number; firstError?: string }
  | { kind: 'done'; maxRssKb: number }
  | { kind: 'failed'; message: string }
