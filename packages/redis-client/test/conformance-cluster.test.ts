import { inject } from 'vitest'
import { runCacheSuite } from '@cachex-js/testkit'
import type {} from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'

const cluster = inject('cachexRedis')?.cluster
if (!cluster) throw new Error('the shared cluster topology is missing (vitest globalSetup)')

// The shared 3-primary + 3-replica cluster, entered through every node's URL. Keys spread over every
// slot, so getMany/setMany/deleteMany split by node and slot, and keys/clear/deletePattern scan every primary.
runCacheSuite({
  name: 'RedisCache (cluster)',
  createCache: (options) =>
    new RedisCache({
      ...options,
      location: cluster.startupNodes.map((node) => `redis://${node.host}:${node.port}`),
      options: { client: 'cluster' },
    }),
})
