/**
 * A bench worker (a child process of `main.ts`): one system under test waiting for cells to run, one
 * process of a cold-key herd, or the lock cells; it reports over IPC. One process per system keeps each
 * system's peak RSS its own and its JIT state untouched by the others.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { runLockBench } from './lock-bench.js'
import { CellMeasurement } from './measure.js'
import { makePayload } from './payloads.js'
import { ScenarioData, TTL_SECONDS } from './scenarios.js'
import { systemById } from './systems/system-catalog.js'
import type { Cell } from './plan.js'
import type { CellResult, LockResult } from './results.js'
import type { BenchSystem } from './systems/system.js'
import type { WorkerCommand, WorkerJob, WorkerMessage } from './worker-protocol.js'

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())),
  )
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

/** The messages of the main process, in order: the job first, then commands. */
class Commands {
  readonly #queue: (WorkerCommand | WorkerJob)[] = []
  #wake: (() => void) | undefined

  constructor() {
    process.on('message', (command: WorkerCommand | WorkerJob) => {
      this.#queue.push(command)
      this.#wake?.()
    })
  }

  async next(): Promise<WorkerCommand> {
    return (await this.#next()) as WorkerCommand
  }

  async job(): Promise<WorkerJob> {
    return (await this.#next()) as WorkerJob
  }

  async #next(): Promise<WorkerCommand | WorkerJob> {
    while (this.#queue.length === 0) await new Promise<void>((resolve) => (this.#wake = resolve))
    return this.#queue.shift()!
  }
}

async function runCells(system: BenchSystem, id: string, commands: Commands): Promise<void> {
  const data = new ScenarioData(system)
  /** The cell being measured in slices, between its `warm` and its `report`. */
  let open: { cell: Cell; measurement: CellMeasurement; factoryRuns: { count: number } } | undefined
  const start = async (cell: Cell) => {
    const factoryRuns = { count: 0 }
    const operation = await data.operation(cell, factoryRuns)
    return { cell, measurement: new CellMeasurement(operation, cell.concurrency), factoryRuns }
  }
  for (;;) {
    const command = await commands.next()
    if (command.kind === 'stop') return
    if (command.kind === 'cell') {
      const whole = await start(command.cell)
      await whole.measurement.warmUp(command.durations.warmupMs)
      await whole.measurement.slice(command.durations.measureMs)
      await send({ kind: 'cell', result: cellResult(whole, id) })
    } else if (command.kind === 'warm') {
      open = await start(command.cell)
      await open.measurement.warmUp(command.warmupMs)
      await send({ kind: 'warmed' })
    } else if (command.kind === 'slice' && open) {
      await open.measurement.slice(command.ms)
      await send({ kind: 'sliced' })
    } else if (command.kind === 'report' && open) {
      await send({ kind: 'cell', result: cellResult(open, id) })
      open = undefined
    } else {
      throw new Error(`unexpected command ${command.kind}${open ? '' : ' (no cell warmed up)'}`)
    }
  }
}

function cellResult(
  { cell, measurement, factoryRuns }: { cell: Cell; measurement: CellMeasurement; factoryRuns: { count: number } },
  id: string,
): CellResult {
  const m = measurement.result()
  return {
    ...cell,
    system: id,
    ops: m.ops,
    seconds: m.seconds,
    opsPerSec: m.opsPerSec,
    p50Ms: m.p50Ms,
    p99Ms: m.p99Ms,
    cpuUsPerOp: m.cpuUsPerOp,
    slices: m.slices,
    errors: m.errors,
    ...(m.firstError !== undefined && { firstError: m.firstError }),
    ...(cell.scenario === 'get-or-set-hot' && { factoryRuns: factoryRuns.count }),
  }
}

async function runHerd(system: BenchSystem, factoryDelayMs: number, callers: number, commands: Commands) {
  const value = makePayload('100B', 42)
  for (;;) {
    const command = await commands.next()
    if (command.kind === 'stop') return
    if (command.kind !== 'go') continue
    let factoryRuns = 0
    let errors = 0
    let firstError: string | undefined
    const factory = async (): Promise<unknown> => {
      factoryRuns++
      await sleep(factoryDelayMs)
      return value
    }
    const latenciesMs = await Promise.all(
      Array.from({ length: callers }, async () => {
        const started = performance.now()
        try {
          await system.getOrSet(command.key, factory, TTL_SECONDS)
        } catch (error) {
          errors++
          firstError ??= describe(error)
        }
        return performance.now() - started
      }),
    )
    await send({ kind: 'herd-round', factoryRuns, latenciesMs, errors, ...(firstError && { firstError }) })
  }
}

async function main(): Promise<void> {
  const commands = new Commands()
  const job = await commands.job()
  try {
    if (job.kind === 'locks') {
      const report = (result: LockResult) => void send({ kind: 'lock', result })
      await runLockBench({ ...job, report })
    } else {
      const system = await systemById(job.system).create(job.context)
      try {
        await send({ kind: 'ready', ...(system.remarks && { remarks: system.remarks }) })
        if (job.kind === 'system') await runCells(system, job.system, commands)
        else await runHerd(system, job.factoryDelayMs, job.callers, commands)
      } finally {
        await system.close()
      }
    }
    await send({ kind: 'done', maxRssKb: process.resourceUsage().maxRSS })
  } catch (error) {
    await send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  }
  process.disconnect()
}

await main()
