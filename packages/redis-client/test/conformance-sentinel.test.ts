import { inject } from 'vitest'
import { runCacheSuite } from '@cachex-js/testkit'
import type {} from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'

const sentinel = inject('cachexRedis')?.sentinel
if (!sentinel) throw new Error('the shared sentinel topology is missing (vitest globalSetup)')

// The shared primary + replica + 3 sentinels: the cache finds the primary through the sentinels. Every
// suite cache has its own prefix (the database is shared with other test files).
runCacheSuite({
  name: 'RedisCache (sentinel)',
  createCache: (options) =>
    new RedisCache({
      ...options,
      location: `redis://${sentinel.name}/0`,
      options: { client: 'sentinel', sentinels: sentinel.sentinels },
    }),
})
