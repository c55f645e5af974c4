/**
 * cachex: a `RedisCache` with the given serializer and compressor, as a user gets it (default options:
 * cachex's own write coalescing, no ioredis auto-pipelining).
 */
import type { BenchSystem, SystemContext } from './system.js'

/** Options of {@link createCachex}. */
export interface CachexSystemOptions {
  serializer: 'cbor' | 'json'
  compressor: 'none' | 'gzip' | 'brotli'
}

/** A RedisCache under test. */
export async function createCachex(context: SystemContext, options: CachexSystemOptions): Promise<BenchSystem> {
  const { RedisCache } = await import('@cachex-js/redis-client')
  const cache = new RedisCache({
    location: context.url,
    keyPrefix: context.prefix,
    options: { serializer: options.serializer, compressor: options.compressor },
  })
  try {
    await cache.set('__probe__', { probe: true })
    if ((await cache.get('__probe__')) === undefined) throw new Error('the probe value did not round-trip')
  } catch (error) {
    await cache.close()
    throw error
  }
  return {
    get: (key) => cache.get(key),
    set: (key, value, ttl) => cache.set(key, value, ttl),
    getMany: (keys) => cache.getMany(keys),
    setMany: (entries, ttl) => cache.setMany(entries as [string, unknown][], ttl),
    incr: (key) => cache.incr(key),
    getOrSet: (key, factory, ttl) => cache.getOrSet(key, factory, ttl),
    close: () => cache.close(),
  }
}
