/**
 * The configuration `createCache` takes (CONTRACT section 1): where Redis is, the key and timeout
 * options, and the seeds' `OPTIONS` camelCased. Everything RedisCache validates stays there; this file
 * adds the few settings only the meta-package knows (`connectionPoolClass`, `pickleVersion`).
 */
import type { BaseCacheOptions } from '@cachex-js/core'
import type { ConnectionFactory, RedisCacheOptions, RedisClient, RedisLocation } from '@cachex-js/redis-client'

/** A sentinel's address (`SENTINELS` entries). */
export interface SentinelAddress {
  host: string
  port: number
}

/**
 * The sentinel settings of CONTRACT section 1 (`SENTINELS`, the monitored service name, `SENTINEL_KWARGS`).
 * They are passed to RedisCache untouched; its sentinel topology defines their exact types.
 */
export interface SentinelSettings {
  /** `SENTINELS`: where the sentinels listen. */
  sentinels?: readonly SentinelAddress[]
  /** The name the sentinels monitor the primary under. */
  sentinelName?: string
  /** `SENTINEL_KWARGS`: options for the connections to the sentinels themselves (auth, TLS...). */
  sentinelOptions?: Record<string, unknown>
}

/**
 * `CONNECTION_POOL_CLASS`: the class cachex instantiates for each connection it opens, called as
 * `new ConnectionPoolClass(redisOptions)`. Default: ioredis' `Redis`. (ioredis multiplexes one
 * connection per node, so there is no pool to swap; a subclass of `Redis` is the equivalent knob.)
 */
export type ConnectionClass = new (options: Parameters<ConnectionFactory>[0]) => RedisClient

/** The options only the `cachex` meta-package handles. */
export interface CachexOnlyOptions {
  /**
   * `CONNECTION_POOL_CLASS`: the ioredis client class for every connection cachex opens. Mutually
   * exclusive with `connectionFactory`.
   */
  connectionPoolClass?: ConnectionClass
  /**
   * `PICKLE_VERSION` has no meaning in Node (there is no pickle). Setting it is `E_CONFIG`, naming
   * the `serializer` option to use instead.
   */
  pickleVersion?: never
}

/**
 * The seeds' `OPTIONS`, camelCased: every RedisCache option, the sentinel settings (typed by RedisCache when
 * its version defines them, else by {@link SentinelSettings}) and the cachex-only ones.
 */
export type CachexOptions = RedisCacheOptions & Omit<SentinelSettings, keyof RedisCacheOptions> & CachexOnlyOptions

/** What {@link createCache} takes. */
export interface CacheConfig extends BaseCacheOptions {
  /**
   * `LOCATION`: a `redis://`, `rediss://` or `unix://` URL, an ioredis `Redis`/`Cluster` instance you own,
   * or a list (the first takes writes, the rest are read replicas).
   */
  location: RedisLocation
  /** `OPTIONS`. */
  options?: CachexOptions
}

/**
 * The seeds' global `DJANGO_REDIS_*` settings: defaults for every cache that does not set the option itself
 * (a cache's own `options` win).
 */
export interface CacheDefaults {
  /** `DJANGO_REDIS_IGNORE_EXCEPTIONS`. */
  ignoreExceptions?: boolean
  /** `DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS`. */
  logIgnoredExceptions?: boolean
  /** `DJANGO_REDIS_LOGGER`: a pino-compatible logger object (Node has no logger registry to name one in). */
  logger?: RedisCacheOptions['logger']
  /** `DJANGO_REDIS_CONNECTION_FACTORY`. */
  connectionFactory?: RedisCacheOptions['connectionFactory']
  /** `DJANGO_REDIS_CLOSE_CONNECTION`. */
  closeConnection?: boolean
  /** `DJANGO_REDIS_SCAN_ITERSIZE`. */
  scanItersize?: number
}

/** The top-level fields of {@link CacheConfig}. */
export const CONFIG_FIELDS: ReadonlySet<string> = new Set([
  'location',
  'keyPrefix',
  'version',
  'keyFunction',
  'reverseKeyFunction',
  'timeout',
  'options',
])

/** The fields of {@link CacheDefaults}. */
export const DEFAULT_FIELDS: ReadonlySet<string> = new Set([
  'ignoreExceptions',
  'logIgnoredExceptions',
  'logger',
  'connectionFactory',
  'closeConnection',
  'scanItersize',
])
