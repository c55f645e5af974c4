/**
 * Failover under the mixed load (support/fault-scenario.ts), on dedicated topologies: SIGKILL of the sentinel
 * primary, and of a cluster primary. The redis-client package's own failover tests measure resume times and
 * lost writes with a strict cache; these add the ignoreExceptions defaults and the whole method mix
 * (getOrSet, pipelines, setMany across slots) through the same outage, and recovery of the same cache objects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  redisCommand,
  startCluster,
  startSentinel,
  waitFor,
  type RedisCluster,
  type RedisNode,
  type RedisSentinel,
} from '@cachex-js/testkit/redis'
import { runFaultScenario } from './support/fault-scenario.js'

describe('sentinel failover (dedicated primary + replica + 3 sentinels)', () => {
  let topology: RedisSentinel
  beforeAll(async () => {
    topology = await startSentinel()
  })
  afterAll(() => topology?.stop())

  it('SIGKILL of the primary under load: fail fast, defaults under ignoreExceptions, the same caches recover', async () => {
    const figures = await runFaultScenario({
      name: 'sentinel failover',
      location: `redis://${topology.name}/0`,
      options: { client: 'sentinel', sentinels: topology.info().sentinels },
      calls: 1000,
      inject: () => {
        topology.kill(topology.primary)
        return Promise.resolve()
      },
      heal: async () => {
        await topology.waitForFailover(topology.primary)
      },
    })
    expect(figures.strict.fault.attempted).toBeGreaterThan(0)
  }, 90_000)
})

describe('cluster failover (dedicated 3 primaries + 3 replicas)', () => {
  let cluster: RedisCluster
  beforeAll(async () => {
    cluster = await startCluster()
  })
  afterAll(() => cluster?.stop())

  it('SIGKILL of a primary under load: fail fast, defaults under ignoreExceptions, the same caches recover', async () => {
    const killed = cluster.primaries[0]!
    const figures = await runFaultScenario({
      name: 'cluster failover',
      location: cluster.startupNodes.map((node) => `redis://${node.host}:${node.port}`),
      options: { client: 'cluster' },
      calls: 1000,
      inject: () => {
        cluster.kill(killed)
        return Promise.resolve()
      },
      heal: () => waitForSlotsMoved(cluster, killed),
    })
    expect(figures.strict.fault.attempted).toBeGreaterThan(0)
  }, 90_000)
})

/** Until no slot is served by `killed` any more and a surviving primary reports `cluster_state:ok`. */
async function waitForSlotsMoved(cluster: RedisCluster, killed: RedisNode): Promise<void> {
  const survivor = cluster.primaries.find((node) => node !== killed)!
  await waitFor(
    async () => {
      const info = String(await redisCommand(survivor.address, ['CLUSTER', 'INFO'], { timeoutMs: 1000 }))
      if (!info.includes('cluster_state:ok')) throw new Error('cluster_state is not ok')
      const slots = (await redisCommand(survivor.address, ['CLUSTER', 'SLOTS'], { timeoutMs: 1000 })) as unknown[][]
      if (slots.some((range) => Number((range[2] as unknown[])[1]) === killed.port)) {
        throw new Error(`${killed.port} still serves slots`)
      }
      return true
    },
    { timeoutMs: 30_000, intervalMs: 50, what: `a replica to take over from ${killed.toString()}` },
  )
}
