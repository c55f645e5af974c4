/**
 * Turning locations into ioredis clients: URL parsing, the ioredis options cachex derives from the
 * seeds' options (fail fast, reconnect in the background), and waiting — boundedly — for a client
 * to be ready.
 */
import { Redis, type Cluster, type RedisOptions } from 'ioredis'
import type { ResolvedOptions } from './options.js'

/** An ioredis client of any topology. */
export type RedisClient = Redis | Cluster

/**
 * Reconnect quickly and forever in the background: 50 ms, 100 ms... capped at 1 s. Callers never
 * wait on this (commands fail fast while disconnected), so a short cap only means a quick recovery.
 */
export function fastRetryStrategy(times: number): number {
  return Math.min(50 * times, 1000)
}

/**
 * The ioredis options cachex derives from its own: no offline queue (a command sent while disconnected
 * fails at once; cachex waits for `ready` itself, within the deadline), no replay of unanswered commands
 * after a reconnect, a fast `retryStrategy`. `maxRetriesPerRequest: 0` makes ioredis fail the commands a lost
 * connection carried as soon as it closes: with any other value it fails them only on every (n+1)th close in a
 * row, and on the others, with nothing replayed, it drops them unanswered at the reconnect (their callers would
 * wait for `socketTimeout`). No `commandTimeout`: cachex bounds every request it sends by
 * `socketTimeout` itself (one timer per connection, see `deadline-queue.ts`, instead of ioredis' one per
 * command); set `connectionOptions.commandTimeout` to bound the commands you send on the client yourself.
 */
export function baseRedisOptions(options: ResolvedOptions): RedisOptions {
  const derived: RedisOptions = {
    connectTimeout: options.socketConnectTimeoutMs,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    retryStrategy: fastRetryStrategy,
  }
  if (options.db !== undefined) derived.db = options.db
  if (options.password !== undefined) derived.password = options.password
  if (options.username !== undefined) derived.username = options.username
  if (options.tls !== undefined) derived.tls = options.tls
  return derived
}

/**
 * ioredis options for one URL: host, port, db, credentials and TLS from the URL; the URL's parts win
 * over the cache-wide `db`/`password`/`username` options, and `connectionOptions` win over everything.
 */
export function redisOptionsForUrl(location: string, options: ResolvedOptions): RedisOptions {
  const url = new URL(location)
  const result: RedisOptions = baseRedisOptions(options)
  if (url.protocol === 'unix:') {
    result.path = decodeURIComponent(url.pathname)
    const db = url.searchParams.get('db')
    if (db !== null) result.db = Number(db)
  } else {
    result.host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1'
    result.port = url.port === '' ? 6379 : Number(url.port)
    const db = url.pathname.replace(/^\//, '') || url.searchParams.get('db')
    if (db) result.db = Number(db)
    if (url.protocol === 'rediss:') result.tls = { ...(options.tls ?? {}) }
  }
  if (url.username !== '') result.username = decodeURIComponent(url.username)
  if (url.password !== '') result.password = decodeURIComponent(url.password)
  return { ...result, ...options.connectionOptions }
}

/** Where a URL points, for logs and error context: `host:port/db`, never credentials. */
export function describeLocation(location: string): string {
  const url = new URL(location)
  if (url.protocol === 'unix:') return `unix:${url.pathname}`
  return `${url.protocol}//${url.host}${url.pathname}`
}

/** Creates a client for a URL with `new Redis(...)`. */
export function createRedisClient(redisOptions: RedisOptions): Redis {
  return new Redis(redisOptions)
}

const SETTLING_EVENTS = ['ready', 'close', 'end', 'error'] as const
const attemptWaits = new WeakMap<RedisClient, Promise<void>>()
const closedClients = new WeakSet<RedisClient>()

/**
 * Marks a client as closed by cachex. (ioredis leaves a client that was disconnected while waiting to
 * reconnect in status `reconnecting` forever, so the status alone cannot tell.)
 */
export function markClosed(client: RedisClient): void {
  closedClients.add(client)
}

/** Whether the client was closed for good (by cachex, or its status says so). */
export function isClosed(client: RedisClient): boolean {
  return closedClients.has(client) || client.status === 'end'
}
const lastErrors = new WeakMap<RedisClient, Error>()

/** Remembers the latest connection error of `client` (the cause of later `E_CONNECTION` errors). */
export function recordError(client: RedisClient, error: Error): void {
  lastErrors.set(client, error)
}

/** The latest connection error `client` reported, if any. */
export function lastError(client: RedisClient): Error | undefined {
  return lastErrors.get(client)
}

/**
 * Resolves when the connection attempt under way settles: `ready`, or `close`/`end`/`error` (failed; a
 * sentinel client that finds no sentinel keeps "connecting" while it retries, but reports each failed round
 * as an `error`). Shared by every caller waiting on that client, so a burst of calls adds one listener each,
 * not hundreds. Never rejects: the caller checks the status afterwards and bounds the wait with its own deadline.
 */
export function whenAttemptSettles(client: RedisClient): Promise<void> {
  let wait = attemptWaits.get(client)
  if (wait === undefined) {
    wait = new Promise<void>((resolve) => {
      const done = (): void => {
        for (const event of SETTLING_EVENTS) client.off(event, done)
        attemptWaits.delete(client)
        resolve()
      }
      for (const event of SETTLING_EVENTS) client.on(event, done)
    })
    attemptWaits.set(client, wait)
    if (client.status === 'wait') {
      // lazyConnect clients connect on first use; a failure arrives as an 'error' event.
      client.connect().catch(() => undefined)
    }
  }
  return wait
}
