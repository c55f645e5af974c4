import type { RedisNodeRole } from './redis-node'

/** Serializable connection details of one node (what `inject()` hands to tests). */
export interface RedisNodeInfo {
  host: string
  port: number
  /** `redis://host:port` */
  url: string
  /** Role at start; a failover may change it. */
  role: RedisNodeRole
  /** Pid at start (informational: tests in workers cannot control shared nodes). */
  pid: number
}

interface TopologyInfoBase {
  /** How long the topology took to start and become ready, in ms. */
  startMs: number
  /** Every node of the topology. */
  nodes: RedisNodeInfo[]
}

/** One primary, no replicas. */
export interface StandaloneInfo extends TopologyInfoBase {
  kind: 'standalone'
  host: string
  port: number
  url: string
}

/** One primary and its replicas (`replicaof`), all in sync at start. */
export interface ReplicationInfo extends TopologyInfoBase {
  kind: 'replication'
  /** The primary's URL. */
  url: string
  primary: RedisNodeInfo
  replicas: RedisNodeInfo[]
}

/** One primary, its replica, and 3 sentinels monitoring them under `name`. */
export interface SentinelInfo extends TopologyInfoBase {
  kind: 'sentinel'
  /** The primary's URL at start (clients should ask the sentinels). */
  url: string
  /** The monitored master's name, e.g. for ioredis `{ sentinels, name }`. */
  name: string
  /** Sentinel addresses, e.g. for ioredis `{ sentinels, name }`. */
  sentinels: Array<{ host: string; port: number }>
  primary: RedisNodeInfo
  replicas: RedisNodeInfo[]
  sentinelNodes: RedisNodeInfo[]
}

/** A 3-primary + 3-replica Redis Cluster covering all 16384 slots. */
export interface ClusterInfo extends TopologyInfoBase {
  kind: 'cluster'
  /** One primary's URL (any node works as a cluster entry point). */
  url: string
  /** Addresses of every node, e.g. ioredis `new Cluster(startupNodes)`. */
  startupNodes: Array<{ host: string; port: number }>
  primaries: RedisNodeInfo[]
  replicas: RedisNodeInfo[]
}

/** Any topology's info. */
export type TopologyInfo = StandaloneInfo | ReplicationInfo | SentinelInfo | ClusterInfo

/** The shared topologies of a test run, keyed by name; a topology not started is absent. */
export interface RedisTopologiesInfo {
  standalone?: StandaloneInfo
  replication?: ReplicationInfo
  sentinel?: SentinelInfo
  cluster?: ClusterInfo
}
