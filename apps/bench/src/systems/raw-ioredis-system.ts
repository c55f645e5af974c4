/**
 * The ceiling: ioredis with auto-pipelining, doing by hand what a cache does, with the same serializer
 * as the cachex system it is compared with (no cachex frame, no key versioning, no error handling).
 */
import type { Serializer } from '@cachex-js/core'
import { rawSystem } from './raw-operations.js'
import type { BenchSystem, SystemContext } from './system.js'

/** Raw ioredis encoding values with `serializer`. */
export async function createRawIoredis(context: SystemContext, serializer: Serializer): Promise<BenchSystem> {
  const { Redis } = await import('ioredis')
  const client = new Redis({ host: context.host, port: context.port, enableAutoPipelining: true })
  await client.ping()
  return rawSystem(context, serializer, {
    get: (key) => client.getBuffer(key),
    set: (key, value, ms) => client.set(key, value, 'PX', ms),
    mget: (keys) => client.mgetBuffer(keys),
    setAll(entries, ms) {
      const multi = client.multi()
      for (const [key, value] of entries) multi.set(key, value, 'PX', ms)
      return multi.exec()
    },
    incrBy: (key, delta) => client.incrby(key, delta),
    async close() {
      await client.quit()
    },
  })
}
