/**
 * Starts the shared Redis topologies (standalone, replication, sentinel, cluster) once per test run and
 * hands their connection info to tests as `inject('cachexRedis')`. `CACHEX_TEST_TOPOLOGIES=standalone,cluster`
 * (or `none`) limits what starts. Built on `redisGlobalSetup` from `@cachex-js/testkit/redis`, which plugin
 * authors use the same way.
 */
import { redisGlobalSetup } from './packages/testkit/src/redis.js'

export default redisGlobalSetup()
