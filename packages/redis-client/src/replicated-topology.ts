/**
 * The default topology (`client: 'default'`): one primary that takes writes, optionally followed by
 * read replicas that take plain reads when `readFromReplicas` is on. Every key lives on every node,
 * so multi-key commands never need splitting and SCAN visits the primary only.
 */
import { ConfigError, type Logger } from '@cachex-js/core'
import {
  createRedisClient,
  describeLocation,
  markClosed,
  recordError,
  redisOptionsForUrl,
  type RedisClient,
} from './connection.js'
import { isRedisClient } from './options.js'
import type { ClientRole, ClientTopology, KeyGroup, TopologyContext } from './topology.js'

interface Node {
  client: RedisClient
  owned: boolean
  label: string
  onError: (error: Error) => void
  onReady: () => void
}

/** Attaches the always-present 'error' listener: logs once per outage, never throws. */
function watchClient(client: RedisClient, label: string, owned: boolean, logger: Logger | undefined): Node {
  let reported = false
  const onError = (error: Error): void => {
    recordError(client, error)
    if (reported) return
    reported = true
    logger?.warn({ err: error, node: label }, 'cachex: Redis connection error (reconnecting in the background)')
  }
  const onReady = (): void => {
    reported = false
  }
  client.on('error', onError)
  client.on('ready', onReady)
  return { client, owned, label, onError, onReady }
}

/** Resolves after `ms` (unref'd: never keeps the process alive). */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

/**
 * Disconnects a client and resolves once it has ended: a polite QUIT when it is connected (pending
 * replies arrive first), bounded by `timeoutMs`, else (or then) an immediate disconnect.
 */
async function closeClient(client: RedisClient, timeoutMs: number): Promise<void> {
  markClosed(client)
  if (client.status === 'end') return
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()))
  if (client.status === 'ready') {
    await Promise.race([client.quit().catch(() => undefined), delay(timeoutMs)])
  }
  const status = client.status as string
  if (status === 'end') return
  client.disconnect()
  // Only a client with a socket emits 'end'; one waiting to reconnect just stops retrying.
  if (status !== 'reconnecting' && status !== 'close' && status !== 'wait')
    await Promise.race([ended, delay(timeoutMs)])
}

/** The single-server (+ read replicas) topology. */
export class ReplicatedTopology implements ClientTopology {
  readonly kind: string
  readonly #nodes: Node[]
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
    await Promise.all(
      this.#nodes.map(async (node) => {
        if (!node.owned) {
          node.client.off('error', node.onError)
          node.client.off('ready', node.onReady)
          return
        }
        if (this.#closeConnection) await closeClient(node.client, this.#closeTimeoutMs)
      }),
    )
  }
}
