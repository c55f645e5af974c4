/**
 * What a raw client does by hand, shared by the raw ioredis and raw node-redis systems: the same encoding
 * (the serializer's bytes as they are, no frame, no copy; integers as decimal text so INCRBY works on them),
 * the same keys, and the same get / factory / set for getOrSet. Each client supplies its few commands.
 */
import type { Serializer } from '@cachex-js/core'
import type { BenchSystem, Entry, SystemContext } from './system.js'

/** A stored value as the raw systems write it. */
export type RawValue = string | Buffer

/** The commands a raw system sends (full keys, encoded values, milliseconds). */
export interface RawCommands {
  get(key: string): Promise<Buffer | null>
  set(key: string, value: RawValue, ms: number): Promise<unknown>
  mget(keys: string[]): Promise<(Buffer | null)[]>
  /** One SET with PX per entry, in one MULTI ... EXEC. */
  setAll(entries: [string, RawValue][], ms: number): Promise<unknown>
  incrBy(key: string, delta: number): Promise<unknown>
  close(): Promise<void>
}

/** A bench system doing by hand, on `commands`, what a cache does. */
export function rawSystem(context: SystemContext, serializer: Serializer, commands: RawCommands): BenchSystem {
  const full = (key: string) => `${context.prefix}${key}`
  const decode = (bytes: Buffer | null) => (bytes === null ? undefined : serializer.deserialize(bytes))
  const encode = (value: unknown): RawValue => {
    if (Number.isSafeInteger(value)) return String(value)
    const bytes = serializer.serialize(value)
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  return {
    get: async (key) => decode(await commands.get(full(key))),
    set: (key, value, ttl) => commands.set(full(key), encode(value), ttl * 1000),
    async getMany(keys) {
      const replies = await commands.mget(keys.map(full))
      const found: Record<string, unknown> = {}
      replies.forEach((bytes, index) => {
        if (bytes !== null) found[keys[index]!] = serializer.deserialize(bytes)
      })
      return found
    },
    setMany: (entries: readonly Entry[], ttl) =>
      commands.setAll(
        entries.map(([key, value]) => [full(key), encode(value)]),
        ttl * 1000,
      ),
    incr: (key) => commands.incrBy(full(key), 1),
    async getOrSet(key, factory, ttl) {
      const cached = decode(await commands.get(full(key)))
      if (cached !== undefined) return cached
      const value = await factory()
      await commands.set(full(key), encode(value), ttl * 1000)
      return value
    },
    close: () => commands.close(),
  }
}
