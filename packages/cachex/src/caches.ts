/**
 * Django's `CACHES` for Node: `configureCaches({ alias: config })` once at startup, then `caches.<alias>`,
 * `caches.get(alias)` and `getRedisConnection(alias, write)` anywhere.
 */
import { ConfigError } from '@cachex-js/core'
import type { RedisClient } from '@cachex-js/redis-client'
import type { CacheConfig, CacheDefaults } from './cache-config.js'
import type { CachexCache } from './cachex-cache.js'
import { createCache } from './create-cache.js'

const configured = new Map<string, CachexCache>()

function unknownAlias(alias: unknown): never {
  const known = configured.size === 0 ? 'no caches are configured (call configureCaches first)' : undefined
  throw new ConfigError(
    `alias: unknown cache alias ${JSON.stringify(alias)}; ${known ?? `configured: ${[...configured.keys()].join(', ')}`}`,
    { context: { field: 'alias', alias } },
  )
}

/** The methods of {@link caches}; every other property of it is a configured alias. */
export class CacheRegistry {
  /** The cache configured under `alias` (default `'default'`); `E_CONFIG` when there is none. */
  get(alias = 'default'): CachexCache {
    const cache = configured.get(alias)
    return cache ?? unknownAlias(alias)
  }

  /** Whether a cache is configured under `alias`. */
  has(alias: string): boolean {
    return configured.has(alias)
  }

  /** The configured aliases, in configuration order. */
  aliases(): string[] {
    return [...configured.keys()]
  }

  /** Every configured cache, in configuration order (Django's `caches.all()`). */
  all(): CachexCache[] {
    return [...configured.values()]
  }
}

/** {@link CacheRegistry} plus one property per configured alias (`caches.default`, `caches.sessions`...). */
export type Caches = CacheRegistry & { readonly [alias: string]: CachexCache }

/**
 * The configured caches, by alias: `caches.default`, `caches['sessions']` or `caches.get('sessions')`.
 * Reading an alias that is not configured as a property gives `undefined`; `get()` throws `E_CONFIG`.
 */
export const caches: Caches = new CacheRegistry() as Caches

/** The result of {@link configureCaches}: each alias mapped to its cache. */
export type ConfiguredCaches<A> = { readonly [K in keyof A]: CachexCache }

/**
 * Creates every cache of `aliases` (Django's `CACHES`), registers them on {@link caches} and returns them.
 * `defaults` are the global `DJANGO_REDIS_*` settings (`ignoreExceptions`, `logIgnoredExceptions`,
 * `logger`, `connectionFactory`, `closeConnection`, `scanItersize`), used by every cache that does not set
 * the option itself.
 *
 * Every configuration is checked at once: one bad value throws `E_CONFIG` naming the alias and the field
 * (`sessions.options.serializer`), and no cache is registered. Configuring again needs {@link closeCaches}
 * first.
 *
 * @example
 * configureCaches(
 *   { default: { location: 'redis://127.0.0.1:6379/0' }, sessions: { location: 'redis://127.0.0.1:6379/1' } },
 *   { ignoreExceptions: true, logIgnoredExceptions: true, logger },
 * )
 * await caches.default.set('a', 1)
 */
export function configureCaches<A extends Record<string, CacheConfig>>(
  aliases: A,
  defaults?: CacheDefaults,
): ConfiguredCaches<A> {
  if (configured.size > 0) {
    throw new ConfigError('caches: already configured; await closeCaches() before configuring again', {
      context: { field: 'caches' },
    })
  }
  if (typeof aliases !== 'object' || aliases === null || Array.isArray(aliases)) {
    throw new ConfigError('caches: expected an object of { alias: config }', { context: { field: 'caches' } })
  }
  const created = new Map<string, CachexCache>()
  try {
    for (const [alias, config] of Object.entries(aliases)) {
      if (alias === '' || alias in caches) {
        throw new ConfigError(`${JSON.stringify(alias)}: reserved or empty alias`, { context: { field: alias } })
      }
      created.set(alias, createCache(config, defaults))
    }
  } catch (error) {
    for (const cache of created.values()) cache.close().catch(() => undefined)
    throw prefixField(error, [...Object.keys(aliases)][created.size] ?? '')
  }
  for (const [alias, cache] of created) {
    configured.set(alias, cache)
    Object.defineProperty(caches, alias, { value: cache, enumerable: true, configurable: true })
  }
  return Object.fromEntries(created) as ConfiguredCaches<A>
}

/** Names the alias in an `E_CONFIG` from one cache's configuration (`sessions.timeout`). */
function prefixField(error: unknown, alias: string): unknown {
  if (!(error instanceof ConfigError) || alias === '') return error
  const field = typeof error.context.field === 'string' ? error.context.field : undefined
  if (field === undefined || field === alias || field.startsWith('defaults.')) return error
  const named = field === 'config' ? alias : `${alias}.${field}`
  const message = error.message.startsWith(field)
    ? `${named}${error.message.slice(field.length)}`
    : `${alias}: ${error.message}`
  return new ConfigError(message, { cause: error, context: { ...error.context, field: named, alias } })
}

/** Closes every configured cache and forgets them, so {@link configureCaches} may run again. */
export async function closeCaches(): Promise<void> {
  const closing = [...configured.entries()]
  for (const [alias] of closing) {
    configured.delete(alias)
    Reflect.deleteProperty(caches, alias)
  }
  await Promise.all(closing.map(([, cache]) => cache.close()))
}

/**
 * The ioredis client under the cache `alias` (default `'default'`): the primary for `write = true` (the
 * default), else the client plain reads go to (a replica when `readFromReplicas` is on). django-redis'
 * `get_redis_connection(alias, write)`.
 */
export function getRedisConnection(alias = 'default', write = true): RedisClient {
  return caches.get(alias).getConnection(write)
}
