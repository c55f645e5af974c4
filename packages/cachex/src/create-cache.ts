/**
 * `createCache`: composes RedisCache (core, codecs, topology) with the structure and lock methods.
 */
import { lockMethods } from '@cachex-js/lock'
import { RedisCache } from '@cachex-js/redis-client'
import { structureMethods } from '@cachex-js/structures'
import type { CacheConfig, CacheDefaults } from './cache-config.js'
import type { CachexCache } from './cachex-cache.js'
import { resolveConfig } from './resolve-config.js'

/**
 * Creates a cache from a configuration (CONTRACT section 1). A bad value throws `CachexError` with code
 * `E_CONFIG` naming the field (`location`, `timeout`, `options.serializer`...) before anything connects;
 * the connection then opens in the background (calls wait for it, within `socketTimeout`).
 *
 * `defaults` are the global `DJANGO_REDIS_*` settings, used for options the configuration leaves unset.
 *
 * @example
 * const cache = createCache({ location: 'redis://127.0.0.1:6379/0', keyPrefix: 'shop', timeout: 300 })
 * await cache.set('user:1', { name: 'Ada' })
 * await cache.zadd('board', { ada: 10 })
 * await cache.withLock('report', async () => buildReport())
 */
export function createCache(config: CacheConfig, defaults?: CacheDefaults): CachexCache {
  const resolved = resolveConfig(config, defaults)
  let cache: RedisCache
  try {
    cache = new RedisCache(resolved.config)
  } catch (error) {
    throw resolved.blame(error)
  }
  return Object.assign(cache, structureMethods(cache), lockMethods(cache))
}
