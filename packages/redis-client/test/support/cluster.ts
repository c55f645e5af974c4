/** Test support: caches and plain clients on the run's shared cluster, and counting what goes on the wire. */
import { Redis } from 'ioredis'
import { inject, onTestFinished } from 'vitest'
import type {} from '@cachex-js/testkit/redis'
import type { RedisCacheConfig, RedisClient } from '@cachex-js/redis-client'
import { testCache, uniquePrefix } from './shared-redis.js'

/** The shared 3-primary + 3-replica cluster of this run. */
export function sharedCluster() {
  const cluster = inject('cachexRedis')?.cluster
  if (!cluster) throw new Error('the shared cluster is missing (the root vitest globalSetup starts it)')
  return cluster
}

/** Every node's URL (what a user lists as location). */
export function clusterUrls(): string[] {
  return sharedCluster().startupNodes.map((node) => `redis://${node.host}:${node.port}`)
}

/** A cluster cache with a unique prefix, closed when the test ends. */
export function clusterCache(config: Partial<RedisCacheConfig> = {}) {
  return testCache({
    keyPrefix: uniquePrefix('cl'),
    ...config,
    location: config.location ?? clusterUrls(),
    options: { client: 'cluster', ...config.options },
  })
}

/** A plain connection to each primary of the shared cluster (to check what each node holds). */
export function primaryClients(): Redis[] {
  return sharedCluster().primaries.map((node) => {
    const client = new Redis(node.url, { maxRetriesPerRequest: 1 })
    client.on('error', () => undefined)
    onTestFinished(() => {
      client.disconnect()
    })
    return client
  })
}

/** The stored keys matching `pattern` on one node (SCAN). */
export async function nodeKeys(client: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = next
    keys.push(...batch)
  } while (cursor !== '0')
  return keys
}

/**
 * Counts the socket writes (round trips started) of node connections, and the commands they carry. A node
 * never connected counts 0 (a connection made later is not counted: connect the nodes first).
 */
export function countWrites(nodes: RedisClient[]) {
  const counts = nodes.map(() => ({ writes: 0, text: '' }))
  const restores = nodes.map((node, index) => {
    const stream = (node as Redis).stream as Redis['stream'] | undefined
    if (stream === undefined) return () => undefined // never connected: nothing was sent
    const original = stream.write
    const write = original.bind(stream) as (...args: unknown[]) => boolean
    stream.write = (...args: unknown[]) => {
      counts[index]!.writes++
      const chunk = args[0]
      counts[index]!.text += Buffer.isBuffer(chunk) ? chunk.toString('latin1') : String(chunk)
      return write(...args)
    }
    return () => {
      stream.write = original
    }
  })
  onTestFinished(() => restores.forEach((restore) => restore()))
  return {
    /** Socket writes per node. */
    writes: () => counts.map((count) => count.writes),
    /** How many times each node was sent `command` (counted in the RESP text). */
    commands: (command: string) =>
      counts.map((count) => count.text.toLowerCase().split(`\r\n${command.toLowerCase()}\r\n`).length - 1),
  }
}
