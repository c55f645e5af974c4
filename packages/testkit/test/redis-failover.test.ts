/**
 * A dedicated (not shared) sentinel topology: SIGKILL the primary, the sentinels promote the replica,
 * and the new primary accepts writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseInfo, redisCommand, startSentinel, type RedisSentinel } from '@cachex-js/testkit/redis'

describe('sentinel failover', () => {
  let topology: RedisSentinel
  beforeAll(async () => {
    topology = await startSentinel()
    console.log(`[failover test] dedicated sentinel topology started in ${topology.startMs} ms`)
  })
  afterAll(() => topology?.stop())

  it(
    'promotes the replica when the primary is SIGKILLed; the new primary takes writes',
    { timeout: 45_000 },
    async () => {
      const { primary, name } = topology
      const replica = topology.replicas[0]!
      expect(await topology.currentPrimary()).toBe(primary)
      await redisCommand(primary.address, ['SET', 'before-failover', 'kept'])
      expect(await redisCommand(primary.address, ['WAIT', 1, 2000])).toBe(1)

      const killedAt = Date.now()
      topology.kill(primary, 'SIGKILL')
      const promoted = await topology.waitForFailover(primary, 30_000)
      const failoverMs = Date.now() - killedAt
      console.log(`[failover test] ${primary.port} -> ${promoted.port} in ${failoverMs} ms`)

      expect(promoted).toBe(replica)
      for (const sentinel of topology.sentinels) {
        expect(await redisCommand(sentinel.address, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name])).toEqual([
          '127.0.0.1',
          String(replica.port),
        ])
      }
      expect(parseInfo((await redisCommand(replica.address, ['INFO', 'replication'])) as string).role).toBe('master')
      expect(await redisCommand(replica.address, ['SET', 'after-failover', 'written'])).toBe('OK')
      expect(await redisCommand(replica.address, ['GET', 'after-failover'])).toBe('written')
      expect(await redisCommand(replica.address, ['GET', 'before-failover'])).toBe('kept')
      expect(failoverMs).toBeLessThan(30_000)
    },
  )
})
