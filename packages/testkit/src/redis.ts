/**
 * `@cachex-js/testkit/redis`: a harness that runs real `redis-server` processes for tests (standalone,
 * primary + replicas, sentinel, cluster) on free ports, kills only what it started, and leaves nothing
 * behind; plus a vitest global setup that shares one set per test run. See the README, "Redis harness".
 */
export { redisGlobalSetup, type GlobalSetupProject, type RedisGlobalSetupOptions } from './redis/redis-global-setup'
export { startTopologies, type RedisTopologies, type StartTopologiesOptions } from './redis/start-topologies'
export { startStandalone, RedisStandalone, type StandaloneOptions } from './redis/start-standalone'
export { startReplication, RedisReplication, type ReplicationOptions } from './redis/start-replication'
export { startSentinel, RedisSentinel, type SentinelOptions } from './redis/start-sentinel'
export { startCluster, RedisCluster, type ClusterOptions } from './redis/start-cluster'
export { RedisTopology } from './redis/redis-topology'
export { RedisNode, type RedisNodeRole, type RedisNodeOptions } from './redis/redis-node'
export { parseTopologyNames, TOPOLOGY_NAMES, type TopologyName } from './redis/topology-names'
export { REDIS_PROVIDE_KEY } from './redis/provided-context'
export type {
  ClusterInfo,
  RedisNodeInfo,
  RedisTopologiesInfo,
  ReplicationInfo,
  SentinelInfo,
  StandaloneInfo,
  TopologyInfo,
} from './redis/topology-info'
export { RespClient, type RedisAddress, type RespClientOptions } from './redis/resp-client'
export { RespError } from './redis/resp-error'
export { RespParser, type RespValue } from './redis/resp-parser'
export { redisCommand } from './redis/redis-command'
export { parseInfo } from './redis/parse-info'
export { waitFor, type WaitForOptions } from './redis/wait-for'
export { sweepStaleRuns, type SweepResult } from './redis/sweep-stale-runs'
export { resolveRedisBinaries, type RedisBinaries } from './redis/redis-binaries'
export { allocatePort, type AllocatePortOptions } from './redis/allocate-port'
export { createTlsCertificates, type TlsCertificates } from './redis/tls-certificates'
