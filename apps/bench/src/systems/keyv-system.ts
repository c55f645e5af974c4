/** keyv 5 on `@keyv/redis` (node-redis underneath), made as its README recommends (`createKeyv`). */
import type { BenchSystem, SystemContext } from './system.js'

/** A keyv instance; `getOrSet` by hand (keyv has none), no `incr` (keyv has none). */
export async function createKeyvSystem(context: SystemContext): Promise<BenchSystem> {
  const { createKeyv } = await import('@keyv/redis')
  const keyv = createKeyv(context.url, { namespace: context.prefix.replace(/:$/, '') })
  await keyv.set('__warm__', 1)
  return {
    get: (key) => keyv.get(key),
    set: (key, value, ttl) => keyv.set(key, value, ttl * 1000),
    getMany: (keys) => keyv.getMany([...keys]),
    setMany: (entries, ttl) => keyv.setMany(entries.map(([key, value]) => ({ key, value, ttl: ttl * 1000 }))),
    async getOrSet(key, factory, ttl) {
      const cached: unknown = await keyv.get(key)
      if (cached !== undefined) return cached
      const value = await factory()
      await keyv.set(key, value, ttl * 1000)
      return value
    },
    async close() {
      await keyv.disconnect()
    },
  }
}

/** cache-manager 7 over the same keyv store; `getOrSet` is its `wrap` (coalesced per process). */
export async function createCacheManagerSystem(context: SystemContext): Promise<BenchSystem> {
  const { createKeyv } = await import('@keyv/redis')
  const { createCache } = await import('cache-manager')
  const keyv = createKeyv(context.url, { namespace: context.prefix.replace(/:$/, '') })
  const cache = createCache({ stores: [keyv] })
  await cache.set('__warm__', 1)
  return {
    get: (key) => cache.get(key),
    set: (key, value, ttl) => cache.set(key, value, ttl * 1000),
    getMany: (keys) => cache.mget([...keys]),
    setMany: (entries, ttl) => cache.mset(entries.map(([key, value]) => ({ key, value, ttl: ttl * 1000 }))),
    getOrSet: (key, factory, ttl) => cache.wrap(key, factory, ttl * 1000),
    async close() {
      await cache.disconnect()
    },
  }
}
