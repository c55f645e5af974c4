/**
 * The configuration RedisCache accepts (CONTRACT section 1) and its validation: every bad value
 * throws `E_CONFIG` naming the field, at construction.
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import { ConfigError, type BaseCacheOptions, type Compressor, type Logger, type Serializer } from '@cachex-js/core'
import type { Cluster, ClusterOptions, NatMap, Redis, RedisOptions } from 'ioredis'
import { checkNatMap, resolveCluster, type ResolvedCluster } from './cluster-options.js'
import { isRedisClient } from './is-redis-client.js'
import {
  resolveSentinel,
  type ResolvedSentinel,
  type SentinelAddress,
  type SentinelOptions,
} from './sentinel-options.js'
import type { ClientFactory, ConnectionFactory } from './topology.js'

export { isRedisClient }

/** A place to connect to: a `redis://`, `rediss://` or `unix://` URL, or an ioredis client you own. */
export type RedisEndpoint = string | Redis | Cluster

/**
 * One endpoint, or several: the first takes writes, the rest are read replicas. With `client: 'sentinel'`,
 * the service URL (`redis://[user:password@]<name>[/db]`); with `client: 'cluster'`, node URLs or one
 * ioredis `Cluster`.
 */
export type RedisLocation = RedisEndpoint | readonly RedisEndpoint[]

/** A serializer by id (`'cbor'`, `'json'`, a registered plugin's id), an instance, or a list (first writes, all read). */
export type SerializerSpec = string | Serializer | ReadonlyArray<string | Serializer>

/** A compressor by id (`'none'`, `'gzip'`, `'deflate'`, `'zlib'`, `'brotli'`...), an instance, or a list. */
export type CompressorSpec = string | Compressor | ReadonlyArray<string | Compressor>

/** The seeds' `OPTIONS`, camelCased. */
export interface RedisCacheOptions {
  /**
   * `CLIENT_CLASS`: `'default'` (one server and optional replicas; an ioredis `Cluster` as location picks the
   * cluster client), `'sentinel'`, `'cluster'`, or a {@link ClientFactory}. Default `'default'`.
   */
  client?: 'default' | 'sentinel' | 'cluster' | ClientFactory
  /** `SERIALIZER`. Default `'cbor'`. */
  serializer?: SerializerSpec
  /** `COMPRESSOR`. Default `'none'`. */
  compressor?: CompressorSpec
  /** Upper bound on the inflated size of one value, in bytes. Default: the codec pipeline's. */
  maxDecompressedSize?: number
  /** `PASSWORD` (used when the URL carries none). */
  password?: string
  /** ACL user name (used when the URL carries none). */
  username?: string
  /** Database index (used when the URL path carries none). Default `0`. */
  db?: number
  /** TLS options for every connection (`true` = defaults); a `rediss://` URL turns TLS on by itself. */
  tls?: boolean | TlsOptions
  /** `SOCKET_CONNECT_TIMEOUT`, seconds: how long one connection attempt may take. Default `5`. */
  socketConnectTimeout?: number
  /** `SOCKET_TIMEOUT`, seconds: every command settles within this (E_TIMEOUT / E_CONNECTION). Default `5`. */
  socketTimeout?: number
  /** `IGNORE_EXCEPTIONS`: connection failures resolve documented defaults instead of rejecting. Default `false`. */
  ignoreExceptions?: boolean
  /** `LOG_IGNORED_EXCEPTIONS`: log each ignored failure (at `error`). Default `false`. */
  logIgnoredExceptions?: boolean
  /** `LOGGER`: a pino-compatible logger. Default: none (ignored exceptions, when logged, go to `console.error`). */
  logger?: Logger
  /**
   * Send the plain `set`s made on one connection within one tick as one MULTI/EXEC of an MSET and a script that
   * sets each key's timeout (atomic, same result per call; not on a cluster). `false` sends one SET per call.
   * Default `true`.
   */
  coalesceSets?: boolean
  /**
   * Send the plain `get`s made on one connection after the first command of a tick as one `MGET` (with an
   * `EXISTS` that keeps a key of another type failing as its GET would; not on a cluster). `false` sends one GET
   * per call. Default `true`.
   */
  coalesceGets?: boolean
  /**
   * Route plain reads (`get`, `getMany`, `hasKey`, `ttl`, `pttl`) to the replicas (sentinel: a replica the
   * sentinels name; cluster: `scaleReads: 'slave'`). Default `false`.
   */
  readFromReplicas?: boolean
  /** `SENTINELS`: the sentinels' addresses (`client: 'sentinel'`). */
  sentinels?: readonly SentinelAddress[]
  /** The name the sentinels monitor the primary under. Default: the location's host. */
  sentinelName?: string
  /** `SENTINEL_KWARGS`: credentials and TLS for the connections to the sentinels themselves. */
  sentinelOptions?: SentinelOptions
  /** ioredis `ClusterOptions` passed through (`scaleReads`, `slotsRefreshInterval`...); yours win (`client: 'cluster'`). */
  clusterOptions?: Omit<ClusterOptions, 'redisOptions'>
  /** ioredis `natMap`: addresses the sentinels or the cluster announce, mapped to reachable ones. */
  natMap?: NatMap
  /** `CONNECTION_POOL_KWARGS`: ioredis options merged over the ones cachex derives (yours win). */
  connectionOptions?: RedisOptions
  /** `CONNECTION_FACTORY`: builds the ioredis clients (which the cache then owns and closes). */
  connectionFactory?: ConnectionFactory
  /** `CLOSE_CONNECTION`: whether `close()` disconnects the clients the cache created. Default `true`. */
  closeConnection?: boolean
  /** `SCAN_ITERSIZE`: the `COUNT` hint of each SCAN step. Default `100`. */
  scanItersize?: number
}

/** What `new RedisCache(...)` takes: where Redis is, the key and timeout options, and the seeds' `OPTIONS`. */
export interface RedisCacheConfig extends BaseCacheOptions {
  /** URL(s) or ioredis client(s): the first takes writes, the rest are read replicas. */
  location: RedisLocation
  /** The seeds' `OPTIONS`. */
  options?: RedisCacheOptions
}

/** The validated options with defaults applied. */
export interface ResolvedOptions {
  endpoints: RedisEndpoint[]
  client: 'default' | 'sentinel' | 'cluster' | ClientFactory
  serializer: SerializerSpec
  compressor: CompressorSpec
  maxDecompressedSize: number | undefined
  password: string | undefined
  username: string | undefined
  db: number | undefined
  tls: TlsOptions | undefined
  socketConnectTimeoutMs: number
  socketTimeoutMs: number
  ignoreExceptions: boolean
  logIgnoredExceptions: boolean
  logger: Logger | undefined
  coalesceSets: boolean
  coalesceGets: boolean
  readFromReplicas: boolean
  connectionOptions: RedisOptions
  connectionFactory: ConnectionFactory | undefined
  closeConnection: boolean
  scanItersize: number
  /** The sentinel settings (`client: 'sentinel'`). */
  sentinel: ResolvedSentinel | undefined
  /** The cluster settings (`client: 'cluster'`, or an ioredis Cluster as location). */
  cluster: ResolvedCluster | undefined
  /** `natMap`, from `options`, `clusterOptions` or `connectionOptions` (in that order). */
  natMap: NatMap | undefined
}

const KNOWN_OPTIONS = new Set<string>([
  'client',
  'serializer',
  'compressor',
  'maxDecompressedSize',
  'password',
  'username',
  'db',
  'tls',
  'socketConnectTimeout',
  'socketTimeout',
  'ignoreExceptions',
  'logIgnoredExceptions',
  'logger',
  'coalesceSets',
  'coalesceGets',
  'readFromReplicas',
  'connectionOptions',
  'connectionFactory',
  'closeConnection',
  'scanItersize',
  'sentinels',
  'sentinelName',
  'sentinelOptions',
  'clusterOptions',
  'natMap',
])

function fail(field: string, message: string): never {
  throw new ConfigError(`${field}: ${message}`, { context: { field } })
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  return value === null ? 'null' : typeof value
}

/** Node's longest timer, in ms (~24.8 days): a longer `setTimeout` fires after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1

function positiveSeconds(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(field, `expected a positive number of seconds, got ${describe(value)}`)
  }
  const ms = Math.max(1, Math.round(value * 1000))
  if (ms > MAX_TIMER_MS)
    fail(field, `expected at most ${MAX_TIMER_MS / 1000} seconds (Node's longest timer), got ${value}`)
  return ms
}

function optionalBoolean(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') fail(field, `expected a boolean, got ${typeof value}`)
  return value
}

function optionalString(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') fail(field, `expected a string, got ${typeof value}`)
  return value
}

function resolveEndpoints(location: unknown): RedisEndpoint[] {
  const list: unknown[] = Array.isArray(location) ? [...(location as unknown[])] : [location]
  if (list.length === 0) fail('location', 'expected at least one URL or ioredis client')
  list.forEach((endpoint, index) => {
    const field = Array.isArray(location) ? `location[${index}]` : 'location'
    if (isRedisClient(endpoint)) return
    if (typeof endpoint !== 'string') fail(field, 'expected a redis://, rediss:// or unix:// URL or an ioredis client')
    let url: URL
    try {
      url = new URL(endpoint)
    } catch {
      fail(field, `not a URL: ${JSON.stringify(endpoint)}`)
    }
    if (!['redis:', 'rediss:', 'unix:'].includes(url.protocol)) {
      fail(field, `unsupported scheme ${url.protocol} (use redis://, rediss:// or unix://)`)
    }
  })
  return list as RedisEndpoint[]
}

/** Validates `config` (throws `E_CONFIG` naming the field) and applies the defaults. */
export function resolveOptions(config: RedisCacheConfig): ResolvedOptions {
  if (typeof config !== 'object' || config === null) fail('config', 'expected an options object')
  const endpoints = resolveEndpoints(config.location)
  const options: RedisCacheOptions = config.options ?? {}
  if (typeof options !== 'object' || options === null) fail('options', 'expected an object')
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) fail(`options.${name}`, 'unknown option')
  }

  let client = options.client ?? 'default'
  if (client !== 'default' && client !== 'sentinel' && client !== 'cluster' && typeof client !== 'function') {
    fail(
      'options.client',
      `expected 'default', 'sentinel', 'cluster' or a ClientFactory function, got ${describe(client)}`,
    )
  }
  // An ioredis Cluster of your own needs the cluster client: 'default' picks it.
  if (client === 'default' && endpoints.length === 1 && isRedisClient(endpoints[0]) && endpoints[0].isCluster) {
    client = 'cluster'
  }
  for (const name of ['sentinels', 'sentinelName', 'sentinelOptions'] as const) {
    if (options[name] !== undefined && client !== 'sentinel')
      fail(`options.${name}`, "only used with client: 'sentinel'")
  }
  if (options.clusterOptions !== undefined && client !== 'cluster') {
    fail('options.clusterOptions', "only used with client: 'cluster'")
  }
  if (options.natMap !== undefined && client !== 'sentinel' && client !== 'cluster') {
    fail('options.natMap', "only used with client: 'sentinel' or 'cluster'")
  }

  const db = options.db
  if (db !== undefined && (!Number.isInteger(db) || db < 0)) fail('options.db', `expected an integer >= 0, got ${db}`)

  const maxDecompressedSize = options.maxDecompressedSize
  if (
    maxDecompressedSize !== undefined &&
    (typeof maxDecompressedSize !== 'number' || !Number.isSafeInteger(maxDecompressedSize) || maxDecompressedSize <= 0)
  ) {
    fail(
      'options.maxDecompressedSize',
      `expected a positive integer number of bytes, got ${describe(maxDecompressedSize)}`,
    )
  }

  const scanItersize = options.scanItersize ?? 100
  if (!Number.isInteger(scanItersize) || scanItersize <= 0) {
    fail('options.scanItersize', `expected a positive integer, got ${describe(scanItersize)}`)
  }

  let tls: TlsOptions | undefined
  if (options.tls === true) tls = {}
  else if (typeof options.tls === 'object' && options.tls !== null) tls = options.tls
  else if (options.tls !== undefined && options.tls !== false) fail('options.tls', 'expected a boolean or TLS options')

  const logger = options.logger
  if (
    logger !== undefined &&
    (typeof logger !== 'object' ||
      logger === null ||
      typeof logger.error !== 'function' ||
      typeof logger.warn !== 'function')
  ) {
    fail('options.logger', 'expected a pino-compatible logger (with error/warn/debug methods)')
  }

  const connectionOptions = options.connectionOptions ?? {}
  if (typeof connectionOptions !== 'object' || connectionOptions === null) {
    fail('options.connectionOptions', 'expected an object of ioredis options')
  }
  if (connectionOptions.keyPrefix !== undefined) {
    fail('options.connectionOptions.keyPrefix', "ioredis' keyPrefix breaks SCAN-based methods; use keyPrefix instead")
  }
  if (options.connectionFactory !== undefined && typeof options.connectionFactory !== 'function') {
    fail('options.connectionFactory', 'expected a function')
  }
  const sentinel = client === 'sentinel' ? resolveSentinel(endpoints, options) : undefined
  const cluster = client === 'cluster' ? resolveCluster(endpoints, options) : undefined
  const natMap = resolveNatMap(options, connectionOptions)
  if (options.serializer !== undefined && options.serializer === null) fail('options.serializer', 'must not be null')
  if (options.compressor !== undefined && options.compressor === null) fail('options.compressor', 'must not be null')

  return {
    endpoints,
    client,
    serializer: options.serializer ?? 'cbor',
    compressor: options.compressor ?? 'none',
    maxDecompressedSize,
    password: optionalString('options.password', options.password),
    username: optionalString('options.username', options.username),
    db,
    tls,
    socketConnectTimeoutMs: positiveSeconds('options.socketConnectTimeout', options.socketConnectTimeout, 5000),
    socketTimeoutMs: positiveSeconds('options.socketTimeout', options.socketTimeout, 5000),
    ignoreExceptions: optionalBoolean('options.ignoreExceptions', options.ignoreExceptions, false),
    logIgnoredExceptions: optionalBoolean('options.logIgnoredExceptions', options.logIgnoredExceptions, false),
    coalesceSets: optionalBoolean('options.coalesceSets', options.coalesceSets, true),
    coalesceGets: optionalBoolean('options.coalesceGets', options.coalesceGets, true),
    logger,
    readFromReplicas: optionalBoolean('options.readFromReplicas', options.readFromReplicas, false),
    connectionOptions,
    connectionFactory: options.connectionFactory,
    closeConnection: optionalBoolean('options.closeConnection', options.closeConnection, true),
    scanItersize,
    sentinel,
    cluster,
    natMap,
  }
}

function resolveNatMap(options: RedisCacheOptions, connectionOptions: RedisOptions): NatMap | undefined {
  if (options.natMap !== undefined) return checkNatMap('options.natMap', options.natMap)
  if (options.clusterOptions?.natMap !== undefined) return options.clusterOptions.natMap
  const fromConnection = (connectionOptions as { natMap?: unknown }).natMap
  return fromConnection === undefined ? undefined : checkNatMap('options.connectionOptions.natMap', fromConnection)
}
