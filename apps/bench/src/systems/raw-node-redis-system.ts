/**
 * A second client ceiling: node-redis (`@redis/client`, what `@keyv/redis` runs on), which pipelines every
 * command issued in the same tick by itself. Same encoding and the same hand-written operations as raw
 * ioredis; it shows how much of the gap between the ioredis-based systems and keyv is the client library.
 */
import type { Serializer } from '@cachex-js/core'
import type { BenchSystem, Entry, SystemContext } from './system.js'

/** Raw node-redis encoding values with `serializer`, buffer replies. */
export async function createRawNodeRedis(context: SystemContext, serializer: Serializer): Promise<BenchSystem> {
  const { createClient, RESP_TYPES } = await import('@redis/client')
  const connection = createClient({ url: context.url })
  await connection.connect()
  const client = connection.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
  const full = (key: string) => `${context.prefix}${key}`
  const decode = (bytes: Buffer | null) => (bytes === null ? undefined : serializer.deserialize(bytes))
  const encode = (value: unknown): string | Buffer => {
    if (Number.isSafeInteger(value)) return String(value)
    const bytes = serializer.serialize(value)
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  const px = (ttl: number) => ({ expiration: { type: 'PX' as const, value: ttl * 1000 } })
  return {
    get: async (key) => decode(await client.get(full(key))),
    set: (key, value, ttl) => client.set(full(key), encode(value), px(ttl)),
    async getMany(keys) {
      const replies = await client.mGet(keys.map(full))
      const found: Record<string, unknown> = {}
      replies.forEach((bytes, index) => {
        if (bytes !== null) found[keys[index]!] = serializer.deserialize(bytes)
      })
      return found
    },
    setMany(entries: readonly Entry[], ttl) {
      const multi = client.multi()
      for (const [key, value] of entries) multi.set(full(key), encode(value), px(ttl))
      return multi.exec()
    },
    incr: (key) => client.incrBy(full(key), 1),
    async getOrSet(key, factory, ttl) {
      const cached = decode(await client.get(full(key)))
      if (cached !== undefined) return cached
      const value = await factory()
      await client.set(full(key), encode(value), px(ttl))
      return value
    },
    async close() {
      await connection.close()
    },
  }
}
