/**
 * Test support, temporary: a cluster ClientTopology for RedisCache until `options.client: 'cluster'` lands
 * in @cachex-js/redis-client (issue 6). It wraps one ioredis Cluster (loaded from redis-client's own
 * dependencies: structures has no ioredis of its own) and computes slots like Redis (CRC16, hash tags),
 * so structure commands run on the real shared cluster and cross-slot checks see real slots.
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import {
  baseRedisOptions,
  type ClientFactory,
  type ClientTopology,
  type KeyGroup,
  type RedisClient,
  type TopologyContext,
} from '@cachex-js/redis-client'

/** An ioredis Cluster (the member of `RedisClient` that has `nodes()`). */
type ClusterClient = Extract<RedisClient, { nodes: unknown }>
type ClusterConstructor = new (nodes: Array<{ host: string; port: number }>, options?: object) => ClusterClient

const requireFromRedisClient = createRequire(
  fileURLToPath(new URL('../../../redis-client/package.json', import.meta.url)),
)
const { Cluster } = requireFromRedisClient('ioredis') as { Cluster: ClusterConstructor }

/** CRC16-XMODEM, as Redis Cluster hashes keys. */
function crc16(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) {
    crc ^= byte << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

/** The cluster slot of `key` (the hash tag's content when there is a non-empty `{...}`). */
export function keySlot(key: string): number {
  const open = key.indexOf('{')
  if (open !== -1) {
    const close = key.indexOf('}', open + 1)
    if (close > open + 1) key = key.slice(open + 1, close)
  }
  return crc16(Buffer.from(key, 'utf8')) % 16384
}

class TestClusterTopology implements ClientTopology {
  readonly kind = 'cluster'
  readonly #cluster: ClusterClient

  constructor(startupNodes: Array<{ host: string; port: number }>, context: TopologyContext) {
    const redisOptions = baseRedisOptions(context.options)
    this.#cluster = new Cluster(startupNodes, { redisOptions, enableOfflineQueue: false })
    this.#cluster.on('error', () => undefined)
  }

  writer(): RedisClient {
    return this.#cluster
  }

  reader(): RedisClient {
    return this.#cluster
  }

  primaries(): RedisClient[] {
    return this.#cluster.nodes('master')
  }

  groupKeys(keys: readonly string[]): KeyGroup[] {
    const bySlot = new Map<number, number[]>()
    keys.forEach((key, index) => {
      const slot = keySlot(key)
      bySlot.set(slot, [...(bySlot.get(slot) ?? []), index])
    })
    return [...bySlot.values()].map((indexes) => ({ client: this.#cluster, indexes }))
  }

  sameSlot(keys: readonly string[]): boolean {
    return new Set(keys.map(keySlot)).size <= 1
  }

  clients(): RedisClient[] {
    return [this.#cluster]
  }

  async close(): Promise<void> {
    await this.#cluster.quit().catch(() => undefined)
  }
}

/** A `ClientFactory` building the temporary cluster topology on `startupNodes`. */
export function testClusterClient(startupNodes: Array<{ host: string; port: number }>): ClientFactory {
  return (context) => new TestClusterTopology(startupNodes, context)
}
