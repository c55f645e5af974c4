/** Test support: the run's shared Redis topologies and structure-enabled caches closed when a test ends. */
import { randomBytes } from 'node:crypto'
import { inject, onTestFinished } from 'vitest'
import type {} from '@cachex-js/testkit/redis'
import { RedisCache, type RedisCacheConfig } from '@cachex-js/redis-client'
import { withStructures } from '@cachex-js/structures'

/** The shared topologies of this run. */
export function topologies() {
  const info = inject('cachexRedis')
  if (!info?.standalone || !info.replication || !info.cluster) {
    throw new Error('the shared Redis topologies are missing (the root vitest globalSetup starts them)')
  }
  return { standalone: info.standalone, replication: info.replication, cluster: info.cluster }
}

/** A prefix no other test uses. */
export function uniquePrefix(label = 'st'): string {
  return `${label}-${randomBytes(4).toString('hex')}`
}

/** Config of a cache; `location` and `keyPrefix` are filled in per topology. */
export type CacheConfig = Omit<RedisCacheConfig, 'location'> & { location?: RedisCacheConfig['location'] }

function build(config: RedisCacheConfig) {
  const cache = withStructures(new RedisCache(config))
  onTestFinished(() => cache.close())
  return cache
}

/** A structure-enabled cache on the standalone server. */
export function standaloneCache(config: CacheConfig = {}) {
  return build({ keyPrefix: uniquePrefix(), ...config, location: config.location ?? topologies().standalone.url })
}

/** A structure-enabled cache on the shared 3-primary cluster (RedisCache's `client: 'cluster'`). */
export function clusterCache(config: CacheConfig = {}) {
  const { cluster } = topologies()
  const location = config.location ?? cluster.startupNodes.map((node) => `redis://${node.host}:${node.port}`)
  return build({ keyPrefix: uniquePrefix(), ...config, location, options: { ...config.options, client: 'cluster' } })
}

/** The topologies every method is tested on. */
export const TOPOLOGIES = [
  { name: 'standalone', cache: standaloneCache },
  { name: 'cluster', cache: clusterCache },
] as const

/** A structure-enabled cache type. */
export type StructuresCache = ReturnType<typeof standaloneCache>
