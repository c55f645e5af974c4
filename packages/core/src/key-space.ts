import type { BaseCacheOptions, KeyFunction, ReverseKeyFunction } from './cache.js'
import { ConfigError, InvalidKeyError, NotAnIntegerError } from './errors.js'
import { describeValue } from './describe-value.js'
import { globEscape } from './glob.js'

/** The default key function: `` `${prefix}:${version}:${key}` `` (Django's), so `':1:key'` with no prefix. */
export const defaultKeyFunction: KeyFunction = (key, prefix, version) => `${prefix}:${version}:${key}`

/**
 * The inverse of {@link defaultKeyFunction} for a given prefix: strips `${prefix}:` and the version.
 * Keys made by another layout are split like django-redis does (`key.split(':', 2)[2]`).
 */
export function defaultReverseKeyFunction(prefix: string): ReverseKeyFunction {
  const head = `${prefix}:`
  return (fullKey) => {
    const rest = fullKey.startsWith(head) ? fullKey.slice(head.length) : fullKey.slice(fullKey.indexOf(':') + 1)
    return rest.slice(rest.indexOf(':') + 1)
  }
}

/**
 * Throws `E_INVALID_KEY` unless `key` is a string of well-formed Unicode. A lone surrogate (`'\uD800'`) has
 * no UTF-8 form: Redis would store it as U+FFFD, so `'\uD800'` and `'\uDC00'` would name the same key.
 */
export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') {
    throw new InvalidKeyError(`cache keys must be strings, got ${describeValue(key)}`, { context: { field: 'key' } })
  }
  if (!isWellFormed(key)) {
    throw new InvalidKeyError('cache keys must be well-formed Unicode (this one holds a lone surrogate)', {
      context: { field: 'key' },
    })
  }
}

/** `String.prototype.isWellFormed` (Node 20+; typed only in TypeScript's ES2024 lib). */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed()
}

/** Throws `E_CONFIG` unless `version` is a safe integer. */
export function assertVersion(version: unknown, field = 'version'): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version)) {
    throw new ConfigError(`${field} must be an integer, got ${describeValue(version)}`, { context: { field } })
  }
}

/** Where `incrVersion`/`decrVersion` moves a value: from `from` (at `version`) to `to` (at `newVersion`). */
export interface VersionMove {
  from: string
  to: string
  version: number
  newVersion: number
}

/**
 * A cache's key space: prefix, default version and key functions, with key validation and glob-pattern
 * construction. Every backend makes its keys through one of these so they agree byte for byte.
 */
export class KeySpace {
  readonly prefix: string
  readonly version: number
  readonly keyFunction: KeyFunction
  readonly reverseKeyFunction: ReverseKeyFunction
  /** True when the default key layout (`prefix:version:key`) is in use. */
  readonly isDefaultLayout: boolean

  constructor(options: Pick<BaseCacheOptions, 'keyPrefix' | 'version' | 'keyFunction' | 'reverseKeyFunction'> = {}) {
    const { keyPrefix = '', version = 1, keyFunction, reverseKeyFunction } = options
    if (typeof keyPrefix !== 'string') {
      throw new ConfigError('keyPrefix must be a string', { context: { field: 'keyPrefix' } })
    }
    assertVersion(version)
    for (const [field, fn] of [
      ['keyFunction', keyFunction],
      ['reverseKeyFunction', reverseKeyFunction],
    ] as const) {
      if (fn !== undefined && typeof fn !== 'function') {
        throw new ConfigError(`${field} must be a function`, { context: { field } })
      }
    }
    this.prefix = keyPrefix
    this.version = version
    this.keyFunction = keyFunction ?? defaultKeyFunction
    this.reverseKeyFunction = reverseKeyFunction ?? defaultReverseKeyFunction(keyPrefix)
    this.isDefaultLayout = keyFunction === undefined
  }

  /** The stored key of `key` at `version` (default: the cache's). `E_INVALID_KEY` for a non-string key. */
  makeKey(key: string, version?: number): string {
    assertKey(key)
    return this.keyFunction(key, this.prefix, this.resolveVersion(version))
  }

  /** The user key of a stored key. */
  reverseKey(fullKey: string): string {
    return this.reverseKeyFunction(fullKey)
  }

  /** `version`, or the cache's default when `undefined`; `E_CONFIG` when not an integer. */
  resolveVersion(version: number | undefined): number {
    if (version === undefined) return this.version
    assertVersion(version)
    return version
  }

  /**
   * The glob matching stored keys whose user key matches `pattern` at `version` (default: the cache's):
   * the key function applied to the pattern and the glob-escaped prefix and version.
   */
  makePattern(pattern = '*', version?: number): string {
    if (typeof pattern !== 'string') {
      throw new InvalidKeyError('patterns must be strings', { context: { field: 'pattern' } })
    }
    const escapedVersion = globEscape(String(this.resolveVersion(version)))
    return this.applyPattern(pattern, escapedVersion)
  }

  /**
   * The glob covering every key of this cache: at `version` when given, else at every version.
   * For every version the key function is called with `'*'` in place of the version.
   */
  clearPattern(version?: number): string {
    if (version !== undefined) return this.makePattern('*', version)
    return this.applyPattern('*', '*')
  }

  /** Where `incrVersion(key, delta, {version})` moves the value. */
  versionMove(key: string, delta = 1, version?: number): VersionMove {
    if (typeof delta !== 'number' || !Number.isSafeInteger(delta)) {
      throw new NotAnIntegerError(`version delta must be an integer, got ${describeValue(delta)}`, {
        context: { key: typeof key === 'string' ? key : undefined, operation: 'incrVersion' },
      })
    }
    const from = this.resolveVersion(version)
    const newVersion = from + delta
    assertVersion(newVersion)
    return { from: this.makeKey(key, from), to: this.makeKey(key, newVersion), version: from, newVersion }
  }

  private applyPattern(pattern: string, escapedVersion: string): string {
    // The key function's contract types `version` as a number; for patterns it receives the glob text.
    return this.keyFunction(pattern, globEscape(this.prefix), escapedVersion as unknown as number)
  }
}
