/**
 * Turns a {@link CacheConfig} plus global {@link CacheDefaults} into what RedisCache takes. Only the
 * checks RedisCache cannot make live here (unknown top-level fields, the cachex-only options, the
 * defaults object); every other value is validated once, by RedisCache, and an error about a value that
 * came from the defaults is re-attributed to `defaults.<name>`.
 */
import { ConfigError, isCachexError } from '@cachex-js/core'
import type { ConnectionFactory, RedisCacheConfig } from '@cachex-js/redis-client'
import {
  CONFIG_FIELDS,
  DEFAULT_FIELDS,
  type CacheConfig,
  type CacheDefaults,
  type ConnectionClass,
} from './cache-config.js'

/** The RedisCache configuration, and a function that re-attributes its `E_CONFIG` errors. */
export interface ResolvedConfig {
  config: RedisCacheConfig
  /** Rewrites an `E_CONFIG` about an option taken from the defaults so it names `defaults.<option>`. */
  blame(error: unknown): unknown
}

function fail(field: string, message: string): never {
  throw new ConfigError(`${field}: ${message}`, { context: { field } })
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkFields(value: Record<string, unknown>, known: ReadonlySet<string>, parent: string): void {
  for (const name of Object.keys(value)) {
    if (!known.has(name)) {
      fail(parent === '' ? name : `${parent}.${name}`, `unknown field (expected one of: ${[...known].join(', ')})`)
    }
  }
}

function connectionClassFactory(ConnectionPoolClass: ConnectionClass): ConnectionFactory {
  return (redisOptions) => new ConnectionPoolClass(redisOptions)
}

/** Validates what only the meta-package knows and merges the defaults under the cache's own options. */
export function resolveConfig(config: CacheConfig, defaults: CacheDefaults = {}): ResolvedConfig {
  if (!isPlainObject(config)) fail('config', 'expected an options object')
  checkFields(config, CONFIG_FIELDS, '')
  if (!isPlainObject(defaults)) fail('defaults', 'expected an object of global settings')
  checkFields(defaults, DEFAULT_FIELDS, 'defaults')

  const given: unknown = config.options ?? {}
  if (!isPlainObject(given)) fail('options', 'expected an object')
  const { pickleVersion, connectionPoolClass, ...options } = given
  if (pickleVersion !== undefined) {
    fail(
      'options.pickleVersion',
      "Python's pickle does not exist in Node; choose the value format with options.serializer ('cbor', 'json' or a plugin)",
    )
  }
  if (connectionPoolClass !== undefined) {
    if (typeof connectionPoolClass !== 'function') fail('options.connectionPoolClass', 'expected a class')
    if (options.connectionFactory !== undefined) {
      fail('options.connectionPoolClass', 'set either connectionPoolClass or connectionFactory, not both')
    }
    options.connectionFactory = connectionClassFactory(connectionPoolClass as ConnectionClass)
  }

  const fromDefaults = new Set<string>()
  for (const [name, value] of Object.entries(defaults)) {
    if (value === undefined || options[name] !== undefined) continue
    options[name] = value
    fromDefaults.add(name)
  }

  return {
    config: { ...config, options },
    blame(error) {
      if (!isCachexError(error, 'E_CONFIG')) return error
      const field = typeof error.context.field === 'string' ? error.context.field : ''
      const name = field.replace(/^options\./, '').split(/[.[]/)[0] ?? ''
      if (!field.startsWith('options.') || !fromDefaults.has(name)) return error
      const renamed = `defaults.${field.slice('options.'.length)}`
      return new ConfigError(error.message.replace(field, renamed), {
        cause: error,
        context: { ...error.context, field: renamed },
      })
    },
  }
}
