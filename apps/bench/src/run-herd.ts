/**
 * One cold-key getOrSet herd for one system: `variant.processes` worker processes, each with
 * `callersPerProcess` concurrent callers on the same cold key, round after round; counts the factory runs
 * of every round across the processes (the figure the herd scenario is about) and the callers' latencies.
 */
import { LatencyRecorder } from './measure.js'
import type { Plan } from './plan.js'
import type { HerdResult } from './results.js'
import type { SystemContext, SystemInfo } from './systems/system.js'
import { WorkerProcess } from './worker-process.js'

/** Runs the herd; `undefined` (and a line in `failures`) when a worker could not run it. */
export async function runHerd(
  system: SystemInfo,
  variant: Plan['herd']['variants'][number],
  plan: Plan,
  context: SystemContext,
  source: boolean,
  failures: string[],
): Promise<HerdResult | undefined> {
  const workers = Array.from(
    { length: variant.processes },
    () =>
      new WorkerProcess(
        {
          kind: 'herd',
          system: system.id,
          context,
          callers: variant.callersPerProcess,
          factoryDelayMs: plan.herd.factoryDelayMs,
        },
        { source },
      ),
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
