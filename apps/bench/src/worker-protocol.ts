/** The messages between the bench's main process and its workers (one child process per job). */
import type { Cell, Durations } from './plan.js'
import type { CellResult, LockResult } from './results.js'
import type { SystemContext } from './systems/system.js'

/** What a worker is asked to do (its first message). */
export type WorkerJob =
  | { kind: 'cells'; system: string; context: SystemContext; cells: Cell[]; durations: Durations }
  | { kind: 'herd'; system: string; context: SystemContext; callers: number; factoryDelayMs: number }
  | { kind: 'locks'; context: SystemContext; concurrency: number[]; durations: Durations }

/** Later messages to a herd worker. */
export type HerdCommand = { kind: 'go'; key: string } | { kind: 'stop' }

/** What a worker reports. */
export type WorkerMessage =
  | { kind: 'cell'; result: CellResult }
  | { kind: 'lock'; result: LockResult }
  | { kind: 'ready' }
  | { kind: 'herd-round'; factoryRuns: number; latenciesMs: number[]; errors: number; firstError?: string }
  | { kind: 'done'; maxRssKb: number }
  | { kind: 'failed'; message: string }
