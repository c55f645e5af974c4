/**
 * A bench worker (a child process of `main.ts`): runs one job (a system's throughput cells, one process of
 * a cold-key herd, or the lock cells) and reports over IPC. One process per system keeps each system's
 * peak RSS its own and its JIT state untouched by the others.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { runLockBench } from './lock-bench.js'
import { measure } from './measure.js'
import { makePayload } from './payloads.js'
import { ScenarioData, TTL_SECONDS } from './scenarios.js'
import { systemById } from './systems/system-catalog.js'
import type { CellResult } from './results.js'
import type { HerdCommand, WorkerJob, WorkerMessage } from './worker-protocol.js'

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())),
  )
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

async function runCells(job: Extract<WorkerJob, { kind: 'cells' }>): Promise<void> {
  const system = await systemById(job.system).create(job.context)
  try {
    const data = new ScenarioData(system)
    for (const cell of job.cells) {
      const factoryRuns = { count: 0 }
      const operation = await data.operation(cell, factoryRuns)
      const m = await measure(operation, { concurrency: cell.concurrency, ...job.durations })
      const result: CellResult = {
        ...cell,
        system: job.system,
        ops: m.ops,
        seconds: m.seconds,
        opsPerSec: m.opsPerSec,
        p50Ms: m.p50Ms,
        p99Ms: m.p99Ms,
        errors: m.errors,
        ...(m.firstError !== undefined && { firstError: m.firstError }),
        ...(cell.scenario === 'get-or-set-hot' && { factoryRuns: factoryRuns.count }),
      }
      await send({ kind: 'cell', result })
    }
  } finally {
    await system.close()
  }
}

async function runHerd(job: Extract<WorkerJob, { kind: 'herd' }>): Promise<void> {
  const system = await systemById(job.system).create(job.context)
  const value = makePayload('100B', 42)
  const commands: HerdCommand[] = []
  let wake: (() => void) | undefined
  process.on('message', (command: HerdCommand) => {
    commands.push(command)
    wake?.()
  })
  await send({ kind: 'ready' })
  try {
    for (;;) {
      while (commands.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      const command = commands.shift()!
      if (command.kind === 'stop') return
      let factoryRuns = 0
      let errors = 0
      let firstError: string | undefined
      const factory = async (): Promise<unknown> => {
        factoryRuns++
        await sleep(job.factoryDelayMs)
        return value
      }
      const latenciesMs = await Promise.all(
        Array.from({ length: job.callers }, async () => {
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
  } finally {
    await system.close()
  }
}

async function main(): Promise<void> {
  const job = await new Promise<WorkerJob>((resolve) => process.once('message', resolve))
  try {
    if (job.kind === 'cells') await runCells(job)
    else if (job.kind === 'herd') await runHerd(job)
    else
      await runLockBench(job.context, job.concurrency, job.durations, (result) => void send({ kind: 'lock', result }))
    await send({ kind: 'done', maxRssKb: process.resourceUsage().maxRSS })
  } catch (error) {
    await send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  }
  process.disconnect()
}

await main()
