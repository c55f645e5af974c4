// createCache on sentinel and cluster (the shared harness topologies). The configuration follows CONTRACT
// section 1 and django-redis: sentinel: the monitored name as the location's host plus `sentinels`/`sentinelName`;
// cluster: node URLs.
import { describe, expect, it } from 'vitest'
import { closeCaches, configureCaches, getRedisConnection, type CacheConfig } from 'cachex'
import { sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

function sentinelConfig(): CacheConfig {
  const sentinel = sharedRedis().sentinel
  if (!sentinel) throw new Error('the shared sentinel topology is missing (the root vitest globalSetup starts it)')
  return {
    location: `redis://${sentinel.name}/0`,
    keyPrefix: uniquePrefix('sentinel'),
    options: { client: 'sentinel', sentinels: sentinel.sentinels, sentinelName: sentinel.name },
  }
}

function clusterConfig(): CacheConfig {
  const cluster = sharedRedis().cluster
  if (!cluster) throw new Error('the shared cluster topology is missing (the root vitest globalSetup starts it)')
  return {
    location: cluster.startupNodes.map((node) => `redis://${node.host}:${node.port}`),
    keyPrefix: uniquePrefix('cluster'),
    options: { client: 'cluster' },
  }
}

const topologies = [
  ['sentinel', sentinelConfig()],
  ['cluster', clusterConfig()],
] as const

for (const [name, config] of topologies) {
  describe(`createCache on ${name}`, () => {
    it('runs values, structures, getOrSet and locks', async () => {
      const cache = testCache(config)
      await cache.set('user', { name: 'Ada' })
      expect(await cache.get('user')).toEqual({ name: 'Ada' })
      await cache.hset('profile', 'visits', 1)
      expect(await cache.hincrby('profile', 'visits')).toBe(2)
      await cache.zadd('board', { ada: 3, alan: 5 })
      expect(await cache.zrange('board', 0, -1)).toEqual(['ada', 'alan'])
      let runs = 0
      await Promise.all(Array.from({ length: 10 }, () => cache.getOrSet('report', () => ++runs, 60)))
      expect(runs).toBe(1)
      expect(await cache.withLock('job', () => 'locked')).toBe('locked')
      expect((await cache.keys('*')).sort()).toEqual(['board', 'profile', 'report', 'user']) // the lock is released
      await cache.clear()
      expect(await cache.keys('*')).toEqual([])
    })

    it('registers under an alias and hands out its connection', async () => {
      try {
        const configured = configureCaches({ [name]: config })
        await configured[name]!.set('k', 1) // waits for the connection (raw clients have no offline queue)
        const client = getRedisConnection(name)
        await expect(client.ping()).resolves.toBe('PONG')
      } finally {
        await closeCaches()
      }
    })
  })
}
