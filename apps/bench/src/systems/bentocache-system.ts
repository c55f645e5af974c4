/**
 * bentocache with only its Redis driver (an L2 layer, no memory tier, no bus), on an ioredis client with
 * the same options as raw ioredis. It has no getMany/setMany: those are one call per key, all at once
 * (what its users write), auto-pipelined by ioredis.
 */
import type { BenchSystem, SystemContext } from './system.js'

/** A BentoCache on Redis only. */
export async function createBentocacheSystem(context: SystemContext): Promise<BenchSystem> {
  const { BentoCache, bentostore } = await import('bentocache')
  const { redisDriver } = await import('bentocache/drivers/redis')
  const { Redis } = await import('ioredis')
  const connection = new Redis({ host: context.host, port: context.port, enableAutoPipelining: true })
  const bento = new BentoCache({
    default: 'redis',
    prefix: context.prefix.replace(/:$/, ''),
    stores: { redis: bentostore().useL2Layer(redisDriver({ connection })) },
  })
  await bento.set({ key: '__warm__', value: 1 })
  return {
    get: (key) => bento.get({ key }),
    set: (key, value, ttl) => bento.set({ key, value, ttl: ttl * 1000 }),
    getMany: (keys) => Promise.all(keys.map((key) => bento.get({ key }))),
    setMany: (entries, ttl) => Promise.all(entries.map(([key, value]) => bento.set({ key, value, ttl: ttl * 1000 }))),
    getOrSet: (key, factory, ttl) => bento.getOrSet({ key, factory, ttl: ttl * 1000 }),
    async close() {
      await bento.disconnectAll()
      await connection.quit().catch(() => undefined)
    },
  }
}
