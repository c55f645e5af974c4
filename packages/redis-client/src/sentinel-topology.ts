/**
 * The sentinel topology (`client: 'sentinel'`): ioredis clients that ask the sentinels where the primary
 * (and, with `readFromReplicas`, a replica) is, and ask again after every disconnect, so a failover is
 * followed without a restart. Every key lives on the primary: multi-key commands never need splitting.
 */
import { ConfigError } from '@cachex-js/core'
import type { RedisOptions } from 'ioredis'
import { closeWatched, watchClient, type WatchedClient } from './client-lifecycle.js'
import { baseRedisOptions, createRedisClient, type RedisClient } from './connection.js'
import type { ResolvedOptions } from './options.js'
import type { ClientRole, ClientTopology, KeyGroup, TopologyContext } from './topology.js'

/**
 * The reconnect delay of sentinel clients, in ms: 100 ms for the first 50 attempts (at least 5 s), then
 * 500 ms, for ever (ioredis' `retryStrategy`, and its `sentinelRetryStrategy` between rounds of asking the
 * sentinels when none answers). Each attempt asks a sentinel for the primary's address and connects there; callers
 * never wait on it (commands fail fast while disconnected). The sentinels name the new primary at a moment
 * nobody can predict (~2.3 s after a SIGKILL with `down-after-milliseconds` 1000, 30 s+ with the default
 * 30000), and writes resume at the next attempt after it: within 0.1 s for a quick failover, within 0.5 s
 * for a long one, at a bounded cost (10, then 2 attempts a second). Measured after a SIGKILL of the
 * primary, writes resumed 2.3 s after the kill with this strategy, 2.5 s with `50 ms x n` capped at 1 s,
 * and 4.0 s with ioredis 6's default (50 ms doubling to 5 s, plus jitter): README, "Failover".
 */
export function failoverRetryStrategy(times: number): number {
  return times <= 50 ? 100 : 500
}

/** A write to a demoted primary (`READONLY`): reconnect, so the sentinels are asked for the new primary. */
function reconnectOnReadonly(error: Error): 1 | false {
  return error.message.startsWith('READONLY') ? 1 : false
}

/**
 * The ioredis options of a sentinel client for `role`: the cache-wide options (timeouts, no offline queue),
 * the sentinels and the monitored name, the data nodes' credentials, db and TLS from the service URL (they
 * win over `options.password`/`db`/`tls`), the sentinels' own credentials and TLS (`sentinelOptions`), and
 * `connectionOptions` over everything.
 */
export function sentinelRedisOptions(options: ResolvedOptions, role: ClientRole): RedisOptions {
  const sentinel = options.sentinel
  if (!sentinel)
    throw new ConfigError("options.sentinels: required with client 'sentinel'", {
      context: { field: 'options.sentinels' },
    })
  const { url } = sentinel
  const result: RedisOptions = {
    ...baseRedisOptions(options),
    retryStrategy: failoverRetryStrategy,
    sentinels: sentinel.sentinels.map((address) => ({ ...address })),
    name: sentinel.name,
    role: role === 'primary' ? 'master' : 'slave',
    sentinelCommandTimeout: options.socketTimeoutMs,
    sentinelRetryStrategy: failoverRetryStrategy,
  }
  if (role === 'primary') result.reconnectOnError = reconnectOnReadonly
  const db = url.pathname.replace(/^\//, '') || url.searchParams.get('db')
  if (db) result.db = Number(db)
  if (url.username !== '') result.username = decodeURIComponent(url.username)
  if (url.password !== '') result.password = decodeURIComponent(url.password)
  if (url.protocol === 'rediss:') result.tls = { ...(options.tls ?? {}) }
  if (result.tls !== undefined) result.enableTLSForSentinelMode = true
  if (sentinel.username !== undefined) result.sentinelUsername = sentinel.username
  if (sentinel.password !== undefined) result.sentinelPassword = sentinel.password
  if (sentinel.tls !== undefined) result.sentinelTLS = sentinel.tls
  if (options.natMap !== undefined) result.natMap = options.natMap
  return { ...result, ...options.connectionOptions }
}

/** A primary found through the sentinels, and (with `readFromReplicas`) a replica found the same way. */
export class SentinelTopology implements ClientTopology {
  readonly kind = 'sentinel'
  readonly #primary: WatchedClient
  readonly #replica: WatchedClient | undefined
  readonly #closeConnection: boolean
  readonly #closeTimeoutMs: number

  constructor(context: TopologyContext) {
    const { endpoints, options, logger } = context
    const location = typeof endpoints[0] === 'string' ? endpoints[0] : ''
    const label = `sentinel:${options.sentinel?.name ?? ''}`
    const build = (role: ClientRole, index: number): WatchedClient => {
      const redisOptions = sentinelRedisOptions(options, role)
      const client = options.connectionFactory
        ? options.connectionFactory(redisOptions, { role, location, index })
        : createRedisClient(redisOptions)
      return watchClient(client, `${label}/${role}`, true, logger)
    }
    this.#primary = build('primary', 0)
    this.#replica = options.readFromReplicas ? build('replica', 1) : undefined
    this.#closeConnection = options.closeConnection
    this.#closeTimeoutMs = options.socketTimeoutMs
  }

  writer(): RedisClient {
    return this.#primary.client
  }

  /** The replica's client while it is connected; the primary's otherwise (no replica left, or reconnecting). */
  reader(): RedisClient {
    const replica = this.#replica?.client
    return replica !== undefined && replica.status === 'ready' ? replica : this.writer()
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
    return [this.#primary, ...(this.#replica ? [this.#replica] : [])].map((node) => node.client)
  }

  async close(): Promise<void> {
    await closeWatched(
      [this.#primary, ...(this.#replica ? [this.#replica] : [])],
      this.#closeConnection,
      this.#closeTimeoutMs,
    )
  }
}
