/**
 * The cluster topology (`client: 'cluster'`): one ioredis `Cluster` that routes every single-key command by
 * hash slot and follows failovers and resharding (MOVED/ASK, slot refreshes). cachex splits multi-key
 * operations itself: by node (one pipeline, one round trip per node) and, inside a node, by slot (one MGET,
 * UNLINK or MULTI per slot). SCAN and FLUSHDB visit every primary.
 */
import { ConfigError } from '@cachex-js/core'
import { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis'
import { closeWatched, watchClient, type WatchedClient } from './client-lifecycle.js'
import { baseRedisOptions, fastRetryStrategy, type RedisClient } from './connection.js'
import { keySlot } from './key-slot.js'
import type { ResolvedOptions } from './options.js'
import type { ClientRole, ClientTopology, KeyGroup, TopologyContext } from './topology.js'

type NodeRedisOptions = NonNullable<ClusterOptions['redisOptions']>

/**
 * The options of the node connections: the cache-wide ones (timeouts, credentials, TLS from the URLs or
 * `options`) and `connectionOptions` over them. ioredis decides the rest itself (node connections queue
 * while they connect and are not retried: the cluster refreshes its slots instead).
 */
function nodeRedisOptions(options: ResolvedOptions): NodeRedisOptions {
  const cluster = options.cluster!
  const derived: RedisOptions = { ...baseRedisOptions(options) }
  if (cluster.username !== undefined) derived.username = cluster.username
  if (cluster.password !== undefined) derived.password = cluster.password
  if (cluster.tls) derived.tls = { ...(options.tls ?? {}) }
  const merged: Record<string, unknown> = { ...derived, ...options.connectionOptions }
  for (const key of ['retryStrategy', 'enableOfflineQueue', 'natMap', 'db', 'host', 'port', 'path', 'sentinels']) {
    delete merged[key]
  }
  return merged
}

/**
 * The ioredis `ClusterOptions` cachex derives: no offline queue (calls fail fast while the cluster is
 * unreachable), a fast reconnect, the node options, `natMap`; `clusterOptions` over them; `scaleReads`
 * as given (the writer always reads from the primaries).
 */
export function clusterClientOptions(
  options: ResolvedOptions,
  scaleReads: ClusterOptions['scaleReads'],
): ClusterOptions {
  const cluster = options.cluster
  if (!cluster) throw new ConfigError("location: client 'cluster' needs node URLs", { context: { field: 'location' } })
  const derived: ClusterOptions = {
    enableOfflineQueue: false,
    clusterRetryStrategy: fastRetryStrategy,
    redisOptions: nodeRedisOptions(options),
  }
  if (options.natMap !== undefined) derived.natMap = options.natMap
  return { ...derived, ...cluster.clusterOptions, scaleReads }
}

/** A Redis Cluster through ioredis. */
export class ClusterTopology implements ClientTopology {
  readonly kind = 'cluster'
  readonly #writer: WatchedClient
  readonly #reader: WatchedClient | undefined
  readonly #closeConnection: boolean
  readonly #closeTimeoutMs: number

  constructor(context: TopologyContext) {
    const { options, logger } = context
    const settings = options.cluster
    if (!settings)
      throw new ConfigError("location: client 'cluster' needs node URLs", { context: { field: 'location' } })
    if (settings.injected) {
      this.#writer = watchClient(settings.injected, 'cluster', false, logger)
    } else {
      const label = `cluster:${settings.startupNodes.map((node) => `${node.host}:${node.port}`).join(',')}`
      const create = (scaleReads: ClusterOptions['scaleReads']) =>
        new Cluster(
          settings.startupNodes.map((node) => ({ ...node })),
          clusterClientOptions(options, scaleReads),
        )
      this.#writer = watchClient(create('master'), label, true, logger)
      const scaleReads = settings.clusterOptions.scaleReads ?? (options.readFromReplicas ? 'slave' : 'master')
      if (scaleReads !== 'master') this.#reader = watchClient(create(scaleReads), `${label} (reads)`, true, logger)
    }
    this.#closeConnection = options.closeConnection
    this.#closeTimeoutMs = options.socketTimeoutMs
  }

  /** The cluster client that reads from the primaries (writes, and reads that must see the latest write). */
  writer(): Cluster {
    return this.#writer.client as Cluster
  }

  /** The cluster client plain reads use: the replica-reading one with `readFromReplicas`/`scaleReads`. */
  reader(): Cluster {
    return (this.#reader?.client ?? this.#writer.client) as Cluster
  }

  /** The connections to the current primaries (those the last slot refresh named). */
  primaries(): RedisClient[] {
    return this.writer().nodes('master')
  }

  /**
   * Groups keys by the nodes serving their slot (the unit an ioredis cluster pipeline may target), and each
   * group by slot. Before the first slot refresh every slot is its own group (correct, just more requests).
   */
  groupKeys(keys: readonly string[], role: ClientRole): KeyGroup[] {
    const client = role === 'primary' ? this.writer() : this.reader()
    const groups = new Map<string, { indexes: number[]; bySlot: Map<number, number[]> }>()
    keys.forEach((key, index) => {
      const slot = keySlot(key)
      const nodes = client.slots[slot]
      const id = nodes !== undefined && nodes.length > 0 ? nodes.join(';') : `slot ${slot}`
      let group = groups.get(id)
      if (group === undefined) {
        group = { indexes: [], bySlot: new Map() }
        groups.set(id, group)
      }
      group.indexes.push(index)
      const inSlot = group.bySlot.get(slot)
      if (inSlot === undefined) group.bySlot.set(slot, [index])
      else inSlot.push(index)
    })
    return [...groups.values()].map((group) => ({ client, indexes: group.indexes, slots: [...group.bySlot.values()] }))
  }

  sameSlot(keys: readonly string[]): boolean {
    if (keys.length < 2) return true
    const slot = keySlot(keys[0]!)
    return keys.every((key) => keySlot(key) === slot)
  }

  clients(): RedisClient[] {
    return [this.#writer, ...(this.#reader ? [this.#reader] : [])].map((node) => node.client)
  }

  async close(): Promise<void> {
    await closeWatched(
      [this.#writer, ...(this.#reader ? [this.#reader] : [])],
      this.#closeConnection,
      this.#closeTimeoutMs,
    )
  }
}
