/**
 * `@cachex-js/redis-client`: RedisCache, the cachex contract on ioredis (a single server, a primary with
 * read replicas, Sentinel, or Redis Cluster), with herd-safe `getOrSet`, fail-fast / fail-open semantics
 * and pipelines.
 */
export { RedisCache } from './redis-cache.js'
export type { CacheContext } from './cache-context.js'
export { CachePipeline } from './pipeline.js'
export {
  resolveOptions,
  isRedisClient,
  type CompressorSpec,
  type RedisCacheConfig,
  type RedisCacheOptions,
  type RedisEndpoint,
  type RedisLocation,
  type ResolvedOptions,
  type SerializerSpec,
} from './options.js'
export type {
  ClientFactory,
  ClientRole,
  ClientTopology,
  ConnectionContext,
  ConnectionFactory,
  KeyGroup,
  TopologyContext,
} from './topology.js'
export { ReplicatedTopology } from './replicated-topology.js'
export { SentinelTopology, failoverRetryStrategy, sentinelRedisOptions } from './sentinel-topology.js'
export type { ResolvedSentinel, SentinelAddress, SentinelOptions } from './sentinel-options.js'
export { ClusterTopology, clusterClientOptions } from './cluster-topology.js'
export type { ClusterNodeAddress, ResolvedCluster } from './cluster-options.js'
export { keySlot, CLUSTER_SLOTS } from './key-slot.js'
export {
  baseRedisOptions,
  fastRetryStrategy,
  lastError,
  recordError,
  redisOptionsForUrl,
  whenAttemptSettles,
  type RedisClient,
} from './connection.js'
export { normalizeError, isIgnorable, isReplyError } from './error-normalizer.js'
export { CommandRunner, type CommandRunnerOptions } from './command-runner.js'
export { Commands, type BatchReply, type CommandArg, type RedisCommand } from './commands.js'
export { scanKeys, type ScanBatch, type ScanKeysOptions } from './scan.js'
export { runScript, type LuaScript } from './scripts.js'
export { DEFAULT_LOCK_TIMEOUT, STALE_FOREVER_MS, leaseKey } from './herd.js'
