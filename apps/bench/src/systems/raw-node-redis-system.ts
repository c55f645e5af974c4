/**
 * A second client ceiling: node-redis (`@redis/client`, what `@keyv/redis` runs on), which pipelines every
 * command issued in the same tick by itself. Same encoding and the same hand-written operations as raw
 * ioredis; it shows how much of the gap between the ioredis-based systems and keyv is the client library.
 */
import type { Serializer } from '@cachex-js/core'
import { rawSystem } from './raw-operations.js'
import type { BenchSystem, SystemContext } from './system.js'

/** Raw node-redis encoding values with `serializer`, buffer replies. */
export async function createRawNodeRedis(context: SystemContext, serializer: Serializer): Promise<BenchSystem> {
  const { createClient, RESP_TYPES } = await import('@redis/client')
  const connection = createClient({ url: context.url })
  await connection.connect()
  const client = connection.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
  const px = (ms: number) => ({ expiration: { type: 'PX' as const, value: ms } })
  return rawSystem(context, serializer, {
    get: (key) => client.get(key),
    set: (key, value, ms) => client.set(key, value, px(ms)),
    mget: (keys) => client.mGet(keys),
    setAll(entries, ms) {
      const multi = client.multi()
      for (const [key, value] of entries) multi.set(key, value, px(ms))
      return multi.exec()
    },
    incrBy: (key, delta) => client.incrBy(key, delta),
    async close() {
      await connection.close()
    },
  })
}
