import { startAll } from './start-all'
import { startCluster, type ClusterOptions, type RedisCluster } from './start-cluster'
import { startReplication, type RedisReplication, type ReplicationOptions } from './start-replication'
import { startSentinel, type RedisSentinel, type SentinelOptions } from './start-sentinel'
import { startStandalone, type RedisStandalone, type StandaloneOptions } from './start-standalone'
import type { RedisTopologiesInfo } from './topology-info'
import { parseTopologyNames, type TopologyName } from './topology-names'
import type { RedisTopology } from './redis-topology'

/** Options of {@link startTopologies}. */
export interface StartTopologiesOptions {
  /** Which topologies to start. Default: `$CACHEX_TEST_TOPOLOGIES`, else all. */
  topologies?: readonly TopologyName[]
  standalone?: StandaloneOptions
  replication?: ReplicationOptions
  sentinel?: SentinelOptions
  cluster?: ClusterOptions
}

/** The handles {@link startTopologies} started; absent ones were not asked for. */
export interface RedisTopologies {
  standalone?: RedisStandalone
  replication?: RedisReplication
  sentinel?: RedisSentinel
  cluster?: RedisCluster
  /** Wall time until every topology was ready, in ms. */
  startMs: number
  /** Serializable connection info of every started topology (for `project.provide`). */
  info(): RedisTopologiesInfo
  /** Stops every topology. */
  stop(): Promise<void>
}

/**
 * Starts the requested topologies in parallel and resolves once all are ready. If one fails, the
 * others are stopped and the first error is rethrown.
 */
export async function startTopologies(options: StartTopologiesOptions = {}): Promise<RedisTopologies> {
  const startedAt = Date.now()
  const names = options.topologies ?? parseTopologyNames()
  const starters: Record<TopologyName, () => Promise<RedisTopology>> = {
    standalone: () => startStandalone(options.standalone),
    replication: () => startReplication(options.replication),
    sentinel: () => startSentinel(options.sentinel),
    cluster: () => startCluster(options.cluster),
  }
  const handles = await startAll(
    names.map((name) => starters[name]),
    (topology) => topology.stop(),
  )
  const started: Partial<Record<TopologyName, RedisTopology>> = {}
  names.forEach((name, i) => (started[name] = handles[i]))
  return {
    standalone: started.standalone as RedisStandalone | undefined,
    replication: started.replication as RedisReplication | undefined,
    sentinel: started.sentinel as RedisSentinel | undefined,
    cluster: started.cluster as RedisCluster | undefined,
    startMs: Date.now() - startedAt,
    info: () => {
      const info: Record<string, unknown> = {}
      for (const [name, topology] of Object.entries(started)) info[name] = topology.info()
      return info
    },
    stop: async () => {
      const results = await Promise.allSettled(handles.map((topology) => topology.stop()))
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed) throw failed.reason
    },
  }
}
