/**
 * The sentinel client's settings (`client: 'sentinel'`): where the sentinels listen, the name they monitor
 * the primary under, and how to reach the sentinels themselves (`SENTINEL_KWARGS`). Validated at
 * construction (`E_CONFIG` naming the field).
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import { ConfigError } from '@cachex-js/core'
import type { RedisEndpoint } from './options.js'

/** One sentinel's address (`SENTINELS` entries). */
export interface SentinelAddress {
  host: string
  port: number
}

/** `SENTINEL_KWARGS`: how to connect to the sentinels themselves (not to the data nodes). */
export interface SentinelOptions {
  /** ACL user on the sentinels. */
  username?: string
  /** Password on the sentinels (`requirepass` / the ACL user's). */
  password?: string
  /** TLS to the sentinels (`true` = defaults). */
  tls?: boolean | TlsOptions
}

/** The validated sentinel settings. */
export interface ResolvedSentinel {
  sentinels: SentinelAddress[]
  /** The monitored primary's name. */
  name: string
  /** The service URL (`redis://[user:password@]name[/db]`): credentials, db and TLS of the data nodes. */
  url: URL
  username: string | undefined
  password: string | undefined
  tls: TlsOptions | undefined
}

const SENTINEL_OPTION_KEYS = new Set(['username', 'password', 'tls'])

function fail(field: string, message: string): never {
  throw new ConfigError(`${field}: ${message}`, { context: { field } })
}

function resolveAddresses(value: unknown): SentinelAddress[] {
  if (value === undefined) fail('options.sentinels', "required with client 'sentinel': a list of { host, port }")
  if (!Array.isArray(value) || value.length === 0)
    fail('options.sentinels', 'expected a non-empty list of { host, port }')
  return (value as unknown[]).map((entry, index) => {
    const field = `options.sentinels[${index}]`
    const { host, port } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    if (typeof host !== 'string' || host === '') fail(field, 'expected { host: string, port: number }')
    if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) {
      fail(field, `expected a TCP port, got ${String(port)}`)
    }
    return { host, port }
  })
}

function resolveSentinelOptions(value: unknown): Pick<ResolvedSentinel, 'username' | 'password' | 'tls'> {
  if (value === undefined) return { username: undefined, password: undefined, tls: undefined }
  if (typeof value !== 'object' || value === null) fail('options.sentinelOptions', 'expected an object')
  const options = value as Record<string, unknown>
  for (const key of Object.keys(options)) {
    if (!SENTINEL_OPTION_KEYS.has(key)) {
      fail(`options.sentinelOptions.${key}`, 'unknown option (expected username, password or tls)')
    }
  }
  for (const key of ['username', 'password'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') {
      fail(`options.sentinelOptions.${key}`, 'expected a string')
    }
  }
  const tls = options.tls
  if (tls !== undefined && typeof tls !== 'boolean' && (typeof tls !== 'object' || tls === null)) {
    fail('options.sentinelOptions.tls', 'expected a boolean or TLS options')
  }
  return {
    username: options.username as string | undefined,
    password: options.password as string | undefined,
    tls: tls === true ? {} : tls === false ? undefined : tls,
  }
}

/**
 * Validates the sentinel settings. The location is the service URL, as in django-redis: its host is the
 * monitored name (unless `sentinelName` is given) and it carries the data nodes' credentials and db.
 */
export function resolveSentinel(
  endpoints: readonly RedisEndpoint[],
  options: { sentinels?: unknown; sentinelName?: unknown; sentinelOptions?: unknown },
): ResolvedSentinel {
  if (endpoints.length !== 1 || typeof endpoints[0] !== 'string') {
    fail(
      'location',
      "client 'sentinel' takes one service URL (redis://[user:password@]<name>[/db]); " +
        'the sentinels go in options.sentinels (an ioredis client of your own works with client: "default")',
    )
  }
  const url = new URL(endpoints[0])
  if (url.protocol === 'unix:') fail('location', "client 'sentinel' needs a redis:// or rediss:// service URL")
  const sentinelName = options.sentinelName
  if (sentinelName !== undefined && (typeof sentinelName !== 'string' || sentinelName === '')) {
    fail('options.sentinelName', 'expected a non-empty string')
  }
  const name = sentinelName ?? decodeURIComponent(url.hostname)
  if (name === '') fail('options.sentinelName', 'required when the location has no host to name the primary')
  return {
    sentinels: resolveAddresses(options.sentinels),
    name,
    url,
    ...resolveSentinelOptions(options.sentinelOptions),
  }
}
