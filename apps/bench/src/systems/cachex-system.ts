/**
 * cachex: a `RedisCache` with the given serializer and compressor, asking ioredis for auto-pipelining as
 * raw ioredis has it. When the cache cannot work that way (ioredis 6 drops the command name of
 * `callBuffer()` under auto-pipelining, so every command fails until cachex avoids `callBuffer`), the
 * system falls back to cachex's default (no auto-pipelining) and says so in the report.
 */
import type { BenchSystem, SystemContext } from './system.js'

/** Options of {@link createCachex}. */
export interface CachexSystemOptions {
  serializer: 'cbor' | 'json'
  compressor: 'none' | 'gzip' | 'brotli'
}

async function open(context: SystemContext, options: CachexSystemOptions, autoPipelining: boolean) {
  const { RedisCache } = await import('@cachex-js/redis-client')
  const cache = new RedisCache({
    location: context.url,
    keyPrefix: context.prefix,
    options: {
      serializer: options.serializer,
      compressor: options.compressor,
      connectionOptions: { enableAutoPipelining: autoPipelining },
    },
  })
  try {
    await cache.set('__probe__', { probe: true })
    if ((await cache.get('__probe__')) === undefined) throw new Error('the probe value did not round-trip')
    return cache
  } catch (error) {
    await cache.close()
    throw error
  }
}

/** A RedisCache under test. */
export async function createCachex(context: SystemContext, options: CachexSystemOptions): Promise<BenchSystem> {
  const remarks: string[] = []
  let cache
  try {
    cache = await open(context, options, true)
    remarks.push('ioredis auto-pipelining on')
  } catch (error) {
    cache = await open(context, options, false)
    const reason = error instanceof Error ? error.message : String(error)
    remarks.push(`auto-pipelining unusable (${reason.slice(0, 120)}); measured without it`)
  }
  const active = cache
  return {
    remarks,
    get: (key) => active.get(key),
    set: (key, value, ttl) => active.set(key, value, ttl),
    getMany: (keys) => active.getMany(keys),
    setMany: (entries, ttl) => active.setMany(entries as [string, unknown][], ttl),
    incr: (key) => active.incr(key),
    getOrSet: (key, factory, ttl) => active.getOrSet(key, factory, ttl),
    close: () => active.close(),
  }
}
