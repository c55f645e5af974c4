import type {} from 'vitest'
import type { RedisTopologiesInfo } from './topology-info'

/** The key `redisGlobalSetup()` provides the shared topologies under: `inject('cachexRedis')`. */
export const REDIS_PROVIDE_KEY = 'cachexRedis'

declare module 'vitest' {
  interface ProvidedContext {
    /**
     * Connection info of the Redis topologies started once for this test run by `redisGlobalSetup()`
     * from `@cachex-js/testkit/redis`; `undefined` when no such global setup is configured. A topology
     * left out by `CACHEX_TEST_TOPOLOGIES` is absent.
     */
    cachexRedis: RedisTopologiesInfo | undefined
  }
}
