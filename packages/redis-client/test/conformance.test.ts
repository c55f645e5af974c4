import { inject } from 'vitest'
import { runCacheSuite } from '@cachex-js/testkit'
import type {} from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'

const redis = inject('cachexRedis')
const standalone = redis?.standalone
const replication = redis?.replication

if (!standalone || !replication) throw new Error('the shared Redis topologies are missing (vitest globalSetup)')

// Caches share the harness's database with other test files: every suite cache has its own prefix,
// and the suite never clears a cache without one (isolatedStore is off).
runCacheSuite({
  name: 'RedisCache (standalone)',
  createCache: (options) => new RedisCache({ ...options, location: standalone.url }),
})

runCacheSuite({
  name: 'RedisCache (primary + replicas)',
  createCache: (options) =>
    new RedisCache({ ...options, location: [replication.url, ...replication.replicas.map((node) => node.url)] }),
})
