/**
 * The cluster client's settings (`client: 'cluster'`): the startup nodes (URLs or an ioredis `Cluster` of
 * your own), the ioredis cluster options passed through, and what cannot work on a cluster (a database
 * other than 0, a connection factory). Validated at construction (`E_CONFIG` naming the field).
 */
import { ConfigError } from '@cachex-js/core'
import type { Cluster, ClusterOptions, NatMap } from 'ioredis'
import { isRedisClient } from './is-redis-client.js'
import type { RedisEndpoint } from './options.js'

/** A startup node of the cluster. */
export interface ClusterNodeAddress {
  host: string
  port: number
}

/** The validated cluster settings. */
export interface ResolvedCluster {
  /** An ioredis Cluster of your own (used as it is, never closed), or undefined. */
  injected: Cluster | undefined
  /** The startup nodes (from the location URLs). */
  startupNodes: ClusterNodeAddress[]
  /** Credentials and TLS shared by every node (from the URLs). */
  username: string | undefined
  password: string | undefined
  tls: boolean
  /** `options.clusterOptions`, as given. */
  clusterOptions: ClusterOptions
}

const SCALE_READS = new Set(['master', 'slave', 'all'])

function fail(field: string, message: string): never {
  throw new ConfigError(`${field}: ${message}`, { context: { field } })
}

function resolveClusterOptions(value: unknown): ClusterOptions {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null)
    fail('options.clusterOptions', 'expected an object of ioredis ClusterOptions')
  const options = value as ClusterOptions & { keyPrefix?: unknown }
  if (options.redisOptions !== undefined) {
    fail('options.clusterOptions.redisOptions', 'the node connection options are options.connectionOptions')
  }
  if (options.keyPrefix !== undefined) {
    fail('options.clusterOptions.keyPrefix', "ioredis' keyPrefix breaks SCAN-based methods; use keyPrefix instead")
  }
  const scaleReads = options.scaleReads
  if (scaleReads !== undefined && typeof scaleReads !== 'function' && !SCALE_READS.has(scaleReads)) {
    fail(
      'options.clusterOptions.scaleReads',
      `expected 'master', 'slave', 'all' or a function, got ${String(scaleReads)}`,
    )
  }
  if (options.natMap !== undefined) checkNatMap('options.clusterOptions.natMap', options.natMap)
  return options
}

/** `E_CONFIG` unless `natMap` is an object of `{ host, port }` or a function (ioredis' NatMap). */
export function checkNatMap(field: string, natMap: unknown): NatMap {
  if (typeof natMap === 'function') return natMap as NatMap
  if (typeof natMap !== 'object' || natMap === null || Array.isArray(natMap)) {
    fail(field, "expected { 'host:port': { host, port } } or a function")
  }
  for (const [from, to] of Object.entries(natMap)) {
    const target = to as { host?: unknown; port?: unknown } | null
    if (
      typeof target !== 'object' ||
      target === null ||
      typeof target.host !== 'string' ||
      typeof target.port !== 'number'
    ) {
      fail(`${field}.${from}`, 'expected { host: string, port: number }')
    }
  }
  return natMap as NatMap
}

function dbOf(url: URL): number {
  const db = url.pathname.replace(/^\//, '') || url.searchParams.get('db')
  return db ? Number(db) : 0
}

/**
 * Validates the cluster settings: URLs (`redis://` or `rediss://`, database 0, the same credentials and
 * scheme on every one) or one ioredis `Cluster`; `options.db` other than 0 and `connectionFactory` are
 * `E_CONFIG` (a cluster has database 0 only; ioredis creates the node connections itself).
 */
export function resolveCluster(
  endpoints: readonly RedisEndpoint[],
  options: { db?: number; connectionFactory?: unknown; clusterOptions?: unknown },
): ResolvedCluster {
  if (options.db !== undefined && options.db !== 0) {
    fail('options.db', `a Redis Cluster has database 0 only, got ${options.db}`)
  }
  if (options.connectionFactory !== undefined) {
    fail(
      'options.connectionFactory',
      'ioredis creates the cluster node connections itself; pass an ioredis Cluster as location, or use connectionOptions',
    )
  }
  const clusterOptions = resolveClusterOptions(options.clusterOptions)
  const field = (index: number) => (endpoints.length > 1 ? `location[${index}]` : 'location')
  const first = endpoints[0]
  if (isRedisClient(first)) {
    if (!first.isCluster || endpoints.length > 1) {
      fail(field(0), "client 'cluster' takes node URLs or one ioredis Cluster")
    }
    return {
      injected: first as Cluster,
      startupNodes: [],
      username: undefined,
      password: undefined,
      tls: false,
      clusterOptions,
    }
  }
  const urls = endpoints.map((endpoint, index) => {
    if (typeof endpoint !== 'string') fail(field(index), "client 'cluster' takes node URLs or one ioredis Cluster")
    const url = new URL(endpoint)
    if (url.protocol === 'unix:') fail(field(index), 'a cluster node needs a redis:// or rediss:// URL')
    if (dbOf(url) !== 0) fail(field(index), `a Redis Cluster has database 0 only, got ${dbOf(url)}`)
    return url
  })
  const scheme = urls[0]!.protocol
  let credentials: { username: string | undefined; password: string | undefined } | undefined
  urls.forEach((url, index) => {
    if (url.protocol !== scheme) fail(field(index), 'every node URL must use the same scheme (redis:// or rediss://)')
    if (url.username === '' && url.password === '') return
    const own = {
      username: decodeURIComponent(url.username) || undefined,
      password: decodeURIComponent(url.password) || undefined,
    }
    if (credentials && (credentials.username !== own.username || credentials.password !== own.password)) {
      fail(field(index), 'the node URLs carry different credentials (every node takes the same)')
    }
    credentials = own
  })
  return {
    injected: undefined,
    startupNodes: urls.map((url) => ({
      host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
      port: url.port === '' ? 6379 : Number(url.port),
    })),
    username: credentials?.username,
    password: credentials?.password,
    tls: scheme === 'rediss:',
    clusterOptions,
  }
}
