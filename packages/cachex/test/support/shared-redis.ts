/** Test support: the shared Redis topologies of the run (vitest `inject`), unique prefixes, auto-closed caches. */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { inject, onTestFinished } from 'vitest'
import type {} from '@cachex-js/testkit/redis'
import { createCache, type CacheConfig, type CacheDefaults, type CachexCache, type ConnectionClass } from 'cachex'

/** The shared topologies of this test run (the root vitest globalSetup starts them). */
export function sharedRedis() {
  const info = inject('cachexRedis')
  if (!info?.standalone || !info.replication) {
    throw new Error('the shared Redis topologies are missing (the root vitest globalSetup starts them)')
  }
  return info
}

/** A key prefix no other test uses. */
export function uniquePrefix(label = 'cx'): string {
  return `${label}-${randomBytes(4).toString('hex')}`
}

/** `createCache`, closed when the test ends. */
export function testCache(config: CacheConfig, defaults?: CacheDefaults): CachexCache {
  const cache = createCache(config, defaults)
  onTestFinished(() => cache.close())
  return cache
}

/** A location where nothing listens (port 1 on loopback refuses connections at once). */
export const DEAD_LOCATION = 'redis://127.0.0.1:1/0'

/**
 * ioredis' `Redis` class, loaded from where `@cachex-js/redis-client` resolves it (the copy cachex uses; this
 * package does not depend on ioredis itself). An instance's `constructor` is not it: ioredis mixes in
 * EventEmitter.
 */
export const IoRedis: ConnectionClass = (
  createRequire(createRequire(import.meta.url).resolve('@cachex-js/redis-client/package.json'))('ioredis') as {
    Redis: ConnectionClass
  }
).Redis
