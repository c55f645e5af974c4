/** cachex: a `RedisCache` with the given serializer and compressor, on the same ioredis options as raw. */
import type { BenchSystem, SystemContext } from './system.js'

/** Options of {@link createCachex}. */
export interface CachexSystemOptions {
  serializer: 'cbor' | 'json'
  compressor: 'none' | 'gzip' | 'brotli'
  /** ioredis auto-pipelining (cachex leaves ioredis's default, off, unless told). */
  autoPipelining: boolean
}

/** A RedisCache under test. */
export async function createCachex(context: SystemContext, options: CachexSystemOptions): Promise<BenchSystem> {
  const { RedisCache } = await import('@cachex-js/redis-client')
  const cache = new RedisCache({
    location: context.url,
    keyPrefix: context.prefix,
    options: {
      serializer: options.serializer,
      compressor: options.compressor,
      connectionOptions: { enableAutoPipelining: options.autoPipelining },
    },
  })
  await cache.set('__warm__', 1)
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
