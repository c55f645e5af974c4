/**
 * The client topology: which ioredis client takes writes, which takes reads, which nodes hold data
 * (for SCAN and FLUSHDB), and how keys split into groups that one multi-key command or transaction
 * may carry. RedisCache talks to Redis only through this, so sentinel and cluster topologies slot in
 * by implementing {@link ClientTopology}.
 */
import type { Logger } from '@cachex-js/core'
import type { RedisOptions } from 'ioredis'
import type { RedisClient } from './connection.js'
import type { RedisEndpoint, ResolvedOptions } from './options.js'

/** The role a client plays in a topology. */
export type ClientRole = 'primary' | 'replica'

/** What a {@link ConnectionFactory} is told about the client it builds. */
export interface ConnectionContext {
  /**
   * `'primary'` for the first location, `'replica'` for the others. (Sentinel: `'primary'` for the client
   * the sentinels route to the primary, `'replica'` for the one they route to a replica.)
   */
  role: ClientRole
  /** The location (URL) the client is for (sentinel: the service URL). */
  location: string
  /** The location's position in `location` (sentinel: 0 for the primary's client, 1 for the replicas'). */
  index: number
}

/**
 * `CONNECTION_FACTORY`: builds the ioredis client for one location from the options cachex derived
 * (timeouts, no offline queue, retry strategy, credentials). The cache owns what it returns.
 */
export type ConnectionFactory = (options: RedisOptions, context: ConnectionContext) => RedisClient

/** Everything a topology needs to build its clients. */
export interface TopologyContext {
  /** The locations as configured: URLs and/or injected clients. */
  endpoints: readonly RedisEndpoint[]
  /** The validated cache options. */
  options: ResolvedOptions
  /** The logger connection errors are reported to (if any). */
  logger: Logger | undefined
}

/**
 * A group of key positions that can travel in one pipeline (one round trip) to one node. On a cluster a
 * group holds several hash slots: `slots` then splits it into the sub-groups one multi-key command
 * (MGET, UNLINK) or one MULTI may carry.
 */
export interface KeyGroup {
  /** The client the group goes to. */
  client: RedisClient
  /** Positions in the input array. */
  indexes: number[]
  /**
   * The positions of `indexes` split by hash slot (every position in exactly one, in order). Absent: all of
   * `indexes` may meet in one command (a single server, or one slot).
   */
  slots?: number[][]
}

/** The connection layer RedisCache runs on. */
export interface ClientTopology {
  /** A short name for logs and errors: `'standalone'`, `'replicated'`, `'sentinel'`, `'cluster'`. */
  readonly kind: string
  /** The client writes go to (and reads that must see the latest write, like getOrSet's). */
  writer(): RedisClient
  /** The client a plain read goes to (a replica when `readFromReplicas` is on and replicas exist). */
  reader(): RedisClient
  /** One client per primary holding data: what `keys`, `iterKeys`, `deletePattern` and `clear` visit. */
  primaries(): RedisClient[]
  /**
   * Splits keys into groups that one pipeline may carry to one node (see {@link KeyGroup}: on a cluster, a
   * group is split further by slot for multi-key commands), each with the client to send it to. Every
   * position appears in exactly one group, in order.
   */
  groupKeys(keys: readonly string[], role: ClientRole): KeyGroup[]
  /** Whether every key in `keys` may appear in one command (same node, and same slot on a cluster). */
  sameSlot(keys: readonly string[]): boolean
  /** Every client of the topology (for 'error' handling). */
  clients(): RedisClient[]
  /** Disconnects the clients this topology created (never injected ones). */
  close(): Promise<void>
}

/**
 * `CLIENT_CLASS` as a function: builds a custom {@link ClientTopology} (this is how the sentinel and
 * cluster topologies plug in).
 */
export type ClientFactory = (context: TopologyContext) => ClientTopology
