import { afterAll, beforeAll, describe } from 'vitest'
import { runCacheSuite } from '@cachex-js/testkit'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'

// The conformance suite once more on a server of its own, so the tests that clear a cache without a
// prefix (FLUSHDB) run too.
describe('on a dedicated server', () => {
  let server: RedisStandalone
  beforeAll(async () => {
    server = await startStandalone()
  })
  afterAll(() => server?.stop())

  runCacheSuite({
    name: 'RedisCache (isolated store)',
    createCache: (options) => new RedisCache({ ...options, location: server.url }),
    capabilities: { isolatedStore: true },
  })
})
