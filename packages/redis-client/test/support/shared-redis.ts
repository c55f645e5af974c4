/** Test support: the shared Redis topologies of the run (vitest `inject`), unique names, plain clients. */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { inject, onTestFinished } from 'vitest'
import type {} from '@cachex-js/testkit/redis'
import { RedisCache, type RedisCacheConfig } from '@cachex-js/redis-client'

/** The shared standalone server and primary + replicas of this test run. */
export function sharedRedis() {
  const info = inject('cachexRedis')
  if (!info?.standalone || !info.replication) {
    throw new Error('the shared Redis topologies are missing (the root vitest globalSetup starts them)')
  }
  return { standalone: info.standalone, replication: info.replication }
}

/** A prefix no other test uses. */
export function uniquePrefix(label = 'rc'): string {
  return `${label}-${randomBytes(4).toString('hex')}`
}

/** A RedisCache closed when the test ends. */
export function testCache(config: RedisCacheConfig): RedisCache {
  const cache = new RedisCache(config)
  onTestFinished(() => cache.close())
  return cache
}

/** A plain ioredis client (as another program would use), disconnected when the test ends. */
export function plainClient(url: string): Redis {
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 })
  client.on('error', () => undefined)
  onTestFinished(() => {
    client.disconnect()
  })
  return client
}
