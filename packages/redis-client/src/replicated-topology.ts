/**
 * The default topology (`client: 'default'`): one primary that takes writes, optionally followed by
 * read replicas that take plain reads when `readFromReplicas` is on. Every key lives on every node,
 * so multi-key commands never need splitting and SCAN visits the primary only.
 */
import { ConfigError } from '@cachex-js/core'
import { closeWatched, watchClient, type WatchedClient } from './client-lifecycle.js'
import { createRedisClient, describeLocation, redisOptionsForUrl, type RedisClient } from './connection.js'
import { isRedisClient } from './is-redis-client.js'
import type { ClientRole, ClientTopology, KeyGroup, TopologyContext } from './topology.js'

/** The single-server (+ read replicas) topology. */
export class ReplicatedTopology implements ClientTopology {
  readonly kind: string
  readonly #nodes: WatchedClient[]
  readonly #readFromReplicas: boolean
  readonly #closeConnection: boolean
  readonly #closeTimeoutMs: number
  #nextReplica = 0

  constructor(context: TopologyContext) {
    const { endpoints, options, logger } = context
    this.#nodes = endpoints.map((endpoint, index) => {
      const role: ClientRole = index === 0 ? 'primary' : 'replica'
      if (isRedisClient(endpoint)) {
        if (endpoint.isCluster) {
          const field = endpoints.length > 1 ? `location[${index}]` : 'location'
          throw new ConfigError(`${field}: an ioredis Cluster needs the cluster topology`, { context: { field } })
        }
        return watchClient(endpoint, `${role}[${index}]`, false, logger)
      }
      const redisOptions = redisOptionsForUrl(endpoint, options)
      const client = options.connectionFactory
        ? options.connectionFactory(redisOptions, { role, location: endpoint, index })
        : createRedisClient(redisOptions)
      return watchClient(client, describeLocation(endpoint), true, logger)
    })
    this.kind = this.#nodes.length > 1 ? 'replicated' : 'standalone'
    this.#readFromReplicas = options.readFromReplicas
    this.#closeConnection = options.closeConnection
    this.#closeTimeoutMs = options.socketTimeoutMs
  }

  writer(): RedisClient {
    return this.#nodes[0]!.client
  }

  reader(): RedisClient {
    if (!this.#readFromReplicas || this.#nodes.length < 2) return this.writer()
    this.#nextReplica = (this.#nextReplica % (this.#nodes.length - 1)) + 1
    return this.#nodes[this.#nextReplica]!.client
  }

  primaries(): RedisClient[] {
    return [this.writer()]
  }

  groupKeys(keys: readonly string[], role: ClientRole): KeyGroup[] {
    if (keys.length === 0) return []
    return [{ client: role === 'primary' ? this.writer() : this.reader(), indexes: keys.map((_, index) => index) }]
  }

  sameSlot(): boolean {
    return true
  }

  clients(): RedisClient[] {
    return this.#nodes.map((node) => node.client)
  }

  async close(): Promise<void> {
    await closeWatched(this.#nodes, this.#closeConnection, this.#closeTimeoutMs)
  }
}
