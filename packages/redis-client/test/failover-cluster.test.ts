// A SIGKILL of a cluster primary under a steady write/read load on keys spread over every slot, on a
// dedicated cluster (never the shared one: other test files use it concurrently). Prints the figures the
// README quotes.
import { expect, it, onTestFinished } from 'vitest'
import { startCluster } from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'
import {
  describeFigures,
  trackUnhandled,
  until,
  waitForClusterFailover,
  waitForReplicationFlowing,
} from './support/failover.js'
import { SteadyLoad } from './support/steady-load.js'

const SOCKET_TIMEOUT = 1
/** A call that has not settled by socketTimeout + this margin is hanging. */
const HANG_BOUND_MS = SOCKET_TIMEOUT * 1000 + 2000
/**
 * The bound we state: writes resume within 10 s of the kill. Measured: ~3-4 s (the node is flagged as failed
 * after cluster-node-timeout 2000 ms, its replica wins the election ~1 s later, ioredis refreshes its slots).
 */
const RESUME_BOUND_MS = 10_000
/** Writes acknowledged longer ago than this before the kill have reached the replica (async replication). */
const REPLICATION_LAG_BOUND_MS = 1000

it(
  'writes resume within the bound after a SIGKILL of a primary; no call hangs, nothing unhandled',
  { timeout: 60_000 },
  async () => {
    const cluster = await startCluster()
    onTestFinished(() => cluster.stop())
    const unhandled = trackUnhandled()
    const cache = new RedisCache({
      location: cluster.startupNodes.map((node) => `redis://${node.host}:${node.port}`),
      keyPrefix: 'failover',
      options: { client: 'cluster', socketTimeout: SOCKET_TIMEOUT },
    })
    onTestFinished(() => cache.close())
    await cache.set('warm', 1)

    const load = new SteadyLoad(cache, { boundMs: HANG_BOUND_MS })
    load.start()
    await until(() => load.acknowledged.size >= 50, 10_000, 'a steady load')
    const killed = cluster.primaries[0]!
    await waitForReplicationFlowing(killed)
    const killedAt = Date.now()
    cluster.kill(killed)
    await waitForClusterFailover(cluster, killed)
    const switchedMs = Date.now() - killedAt
    await until(() => load.report(killedAt).resumedMs !== undefined, 20_000, 'writes to resume')
    const resumedWrites = load.acknowledged.size
    await until(() => load.acknowledged.size >= resumedWrites + 100, 10_000, '100 more writes after resuming')
    await load.stop()

    const figures = load.report(killedAt)
    const lost = await load.lostWrites((keys) => cache.getMany(keys))
    const { redisCommand } = await import('@cachex-js/testkit/redis')
    for (const key of lost.slice(0, 5)) {
      const full = cache.makeKey(key)
      const where = await Promise.all(
        cluster.nodes
          .filter((n) => n !== killed)
          .map(async (n) => [
            n.port,
            await redisCommand(n.address, ['READONLY'])
              .then(() => redisCommand(n.address, ['EXISTS', full]))
              .catch((e: Error) => e.message),
          ]),
      )
      console.log('LOST', key, killedAt - load.acknowledgedAt.get(key)!, 'killed', killed.port, JSON.stringify(where))
    }
    console.log(
      'stats',
      load.calls.slice(0, 12).map((c) => [c.kind, c.key, c.startedAt - killedAt, c.endedAt - killedAt, c.outcome]),
    )
    console.log(describeFigures('cluster, SIGKILL of a primary', figures, lost.length, switchedMs))

    expect(figures.failed, 'the outage was seen').toBeGreaterThan(0)
    expect(Object.keys(figures.codes).filter((code) => code !== 'E_CONNECTION' && code !== 'E_TIMEOUT')).toEqual([])
    expect(figures.hung).toBe(0)
    expect(figures.slowestMs).toBeLessThanOrEqual(HANG_BOUND_MS)
    expect(figures.resumedMs).toBeLessThanOrEqual(RESUME_BOUND_MS)
    expect(figures.wrongReads).toBe(0)
    expect(unhandled).toEqual([])
    for (const key of lost) {
      expect(killedAt - load.acknowledgedAt.get(key)!, key).toBeLessThan(REPLICATION_LAG_BOUND_MS)
    }
  },
)
