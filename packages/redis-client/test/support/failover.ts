/** Test support for failover tests: unhandled-error tracking, cluster failover detection, the report line. */
import { onTestFinished } from 'vitest'
import { parseInfo, redisCommand, waitFor, type RedisCluster, type RedisNode } from '@cachex-js/testkit/redis'
import type { FailoverFigures } from './steady-load.js'

/** Records every unhandled rejection and uncaught exception of the process until the test ends. */
export function trackUnhandled(): unknown[] {
  const seen: unknown[] = []
  const record = (reason: unknown): void => {
    seen.push(reason)
  }
  process.on('unhandledRejection', record)
  process.on('uncaughtException', record)
  onTestFinished(() => {
    process.off('unhandledRejection', record)
    process.off('uncaughtException', record)
  })
  return seen
}

/**
 * Waits until the cluster no longer serves any slot from `killed` (a replica took its slots over) and a
 * surviving node reports `cluster_state:ok`; resolves with the port of the node now serving its first slot.
 */
export async function waitForClusterFailover(cluster: RedisCluster, killed: RedisNode): Promise<number> {
  const survivor = cluster.primaries.find((node) => node !== killed)!
  return waitFor(
    async () => {
      const info = String(await redisCommand(survivor.address, ['CLUSTER', 'INFO'], { timeoutMs: 1000 }))
      if (!info.includes('cluster_state:ok')) throw new Error('cluster_state is not ok')
      const slots = (await redisCommand(survivor.address, ['CLUSTER', 'SLOTS'], { timeoutMs: 1000 })) as unknown[][]
      const owners = slots.map((range) => Number((range[2] as unknown[])[1]))
      if (owners.includes(killed.port)) throw new Error(`${killed.port} still serves slots`)
      return owners.find((port) => !cluster.primaries.some((node) => node.port === port))!
    },
    { timeoutMs: 30_000, intervalMs: 50, what: `a replica to take over from ${killed.toString()}` },
  )
}

/**
 * Waits until the replica of `primary` has received part of the replication stream (its offset moved past
 * 0). Call it under a write load, before killing `primary`: a replica that has just attached (the harness
 * resolves once its link is up) only starts receiving the stream after its first ACK, up to a second later,
 * so a kill in that window loses every write of the window: that would measure the harness's start, not
 * the failover.
 */
export async function waitForReplicationFlowing(primary: RedisNode): Promise<void> {
  await waitFor(
    async () => {
      const info = parseInfo(String(await redisCommand(primary.address, ['INFO', 'replication'], { timeoutMs: 1000 })))
      const port = /port=(\d+)/.exec(info.slave0 ?? '')?.[1]
      if (port === undefined) throw new Error(`${primary.toString()} has no replica`)
      const replica = parseInfo(
        String(
          await redisCommand({ host: primary.host, port: Number(port) }, ['INFO', 'replication'], { timeoutMs: 1000 }),
        ),
      )
      if (!(Number(replica.slave_repl_offset) > 0)) throw new Error(`replica ${port} has received nothing yet`)
      return true
    },
    { timeoutMs: 10_000, intervalMs: 50, what: `the replica of ${primary.toString()} to receive the stream` },
  )
}

/** Resolves once `check()` is true (polling every 50 ms, at most `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  await waitFor(
    () => {
      if (!check()) throw new Error(`not yet: ${what}`)
      return Promise.resolve(true)
    },
    { timeoutMs, intervalMs: 50, what },
  )
}

/** One line of figures for the test output. */
export function describeFigures(name: string, figures: FailoverFigures, lost: number, switchedMs: number): string {
  const seconds = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(2)} s`)
  return (
    `[failover] ${name}: topology switched after ${seconds(switchedMs)}, writes resumed after ` +
    `${seconds(figures.resumedMs)} (first acknowledged write ${seconds(figures.firstWriteOkMs)}); ` +
    `${figures.calls} calls, ${figures.failed} failed after the kill ${JSON.stringify(figures.codes)}, ` +
    `${figures.hung} hung, slowest ${figures.slowestMs} ms; ${lost} of ${figures.acknowledged} acknowledged ` +
    `writes lost, ${figures.wrongReads} wrong reads`
  )
}
