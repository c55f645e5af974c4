/**
 * The ceiling: ioredis with auto-pipelining, doing by hand what a cache does, with the same serializer
 * as the cachex system it is compared with (no cachex frame, no key versioning, no error handling).
 */
import type { Serializer } from '@cachex-js/core'
import type { BenchSystem, Entry, SystemContext } from './system.js'

/** Raw ioredis encoding values with `serializer`. */
export async function createRawIoredis(context: SystemContext, serializer: Serializer): Promise<BenchSystem> {
  const { Redis } = await import('ioredis')
  const client = new Redis({ host: context.host, port: context.port, enableAutoPipelining: true })
  await client.ping()
  const full = (key: string) => `${context.prefix}${key}`
  const decode = (bytes: Buffer | null) => (bytes === null ? undefined : serializer.deserialize(bytes))
  // Integers as decimal text (as cachex stores them), so INCRBY works on them; the serializer's bytes
  // as they come (no copy, no frame).
  const encode = (value: unknown): string | Buffer => {
    if (Number.isSafeInteger(value)) return String(value)
    const bytes = serializer.serialize(value)
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  return {
    get: async (key) => decode(await client.getBuffer(full(key))),
    set: (key, value, ttl) => client.set(full(key), encode(value), 'PX', ttl * 1000),
    async getMany(keys) {
      const replies = await client.mgetBuffer(keys.map(full))
      const found: Record<string, unknown> = {}
      replies.forEach((bytes, index) => {
        if (bytes !== null) found[keys[index]!] = serializer.deserialize(bytes)
      })
      return found
    },
    setMany(entries: readonly Entry[], ttl) {
      const multi = client.multi()
      for (const [key, value] of entries) multi.set(full(key), encode(value), 'PX', ttl * 1000)
      return multi.exec()
    },
    incr: (key) => client.incrby(full(key), 1),
    async getOrSet(key, factory, ttl) {
      const cached = decode(await client.getBuffer(full(key)))
      if (cached !== undefined) return cached
      const value = await factory()
      await client.set(full(key), encode(value), 'PX', ttl * 1000)
      return value
    },
    async close() {
      await client.quit()
    },
  }
}
