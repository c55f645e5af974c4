/**
 * The cache contract (CONTRACT sections 2-5 and 7): what every cachex backend implements,
 * whatever stores the values. `Cache` is the Django cache API; `ExtendedCache` adds the
 * Redis extensions (TTL inspection, expiry control, key scanning) that MemoryCache also offers.
 */

/**
 * A timeout in seconds (floats allowed, millisecond precision).
 * - `undefined`: the cache's default timeout;
 * - `null`: never expire;
 * - `<= 0`: the value is not kept (`set` deletes the key, `add` stores nothing, `touch` deletes).
 */
export type Timeout = number | null | undefined

/**
 * Builds the stored key from a user key, the cache's prefix and a version. It must only concatenate
 * (or otherwise embed) its arguments: to build glob patterns (`keys`, `deletePattern`, `clear`) cachex
 * calls it with a pattern as `key`, the glob-escaped prefix, and as `version` the version's digits or
 * the text `'*'` (all versions).
 */
export type KeyFunction = (key: string, prefix: string, version: number) => string

/** Recovers the user key from a stored key (the inverse of {@link KeyFunction}). */
export type ReverseKeyFunction = (fullKey: string) => string

/**
 * The logger cachex writes to: the subset of pino's API it uses (pino, and any logger with
 * `warn/error/debug(obj, msg)`, fits).
 */
export interface Logger {
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
}

/** Options every cache takes, whatever its backend. */
export interface BaseCacheOptions {
  /** Prepended to every key by the default key function. Default `''`. */
  keyPrefix?: string
  /** The default version of keys. Default `1`. */
  version?: number
  /** Builds stored keys. Default `` (key, prefix, version) => `${prefix}:${version}:${key}` ``. */
  keyFunction?: KeyFunction
  /** Recovers user keys from stored keys (used by `keys`/`iterKeys`). Default: inverse of the default. */
  reverseKeyFunction?: ReverseKeyFunction
  /** Default timeout in seconds; `null` = never expire. Default `300`. */
  timeout?: number | null
}

/** Selects the version of the key(s) an operation works on; default: the cache's `version`. */
export interface VersionOptions {
  /** Overrides the cache's default version for this call. */
  version?: number
}

/** Options of {@link Cache.set}. */
export interface SetOptions extends VersionOptions {
  /** Write only if the key does not exist (Redis `NX`). */
  nx?: boolean
  /** Write only if the key already exists (Redis `XX`). */
  xx?: boolean
  /** Return the previous value (or `undefined`) instead of a boolean (Redis `GET`). */
  get?: boolean
}

/** Options of {@link Cache.getOrSet}. */
export interface GetOrSetOptions extends VersionOptions {
  /**
   * The longest a single caller may hold the right to compute the value, in seconds. Other callers wait
   * at most this long for its result before computing it themselves. Default: the backend's (see its README).
   */
  lockTimeout?: number | null
  /**
   * How long past `timeout` a value may still be served stale to callers that lose the race to compute it,
   * in seconds; `null` = forever. Default: no stale serving.
   */
  staleCacheTimeout?: number | null
  /** Cancels this caller's wait for another caller's value (the promise rejects with the signal's reason). */
  signal?: AbortSignal
}

/** Options of {@link ExtendedCache.iterKeys} and {@link ExtendedCache.deletePattern}. */
export interface ScanOptions extends VersionOptions {
  /** Hint for how many keys each SCAN step looks at (SCAN's `COUNT`). */
  itersize?: number
}

/** What `setMany` accepts: a plain object, a `Map`, or any iterable of `[key, value]` entries. */
export type SetManyInput<T = unknown> = Record<string, T> | Map<string, T> | Iterable<readonly [string, T]>

/** A value to cache or a (sync or async) function computing it. */
export type ValueFactory<T> = () => T | PromiseLike<T>

/**
 * The Django cache API. Every method is async except {@link Cache.makeKey}. Keys must be strings
 * (anything else rejects with `E_INVALID_KEY`); any string works, including unicode, spaces and colons.
 */
export interface Cache {
  /** The prefix of this cache's keys (`''` when none). */
  readonly keyPrefix: string
  /** The default version of this cache's keys. */
  readonly version: number
  /** The default timeout in seconds, `null` for never. */
  readonly defaultTimeout: number | null

  /**
   * The stored key for a user key (sync): the key function applied to the key, the prefix and
   * `version` (default: the cache's). With the default key function and no prefix, `makeKey('a')` is `':1:a'`.
   */
  makeKey(key: string, version?: number): string

  /**
   * The cached value, or `defaultValue` (default `undefined`) on a miss. A cached `null` is
   * returned as `null`, not as the default.
   */
  get<T = unknown>(key: string, defaultValue?: undefined, options?: VersionOptions): Promise<T | undefined>
  get<T>(key: string, defaultValue: T, options?: VersionOptions): Promise<T>
  get<T, D>(key: string, defaultValue: D, options?: VersionOptions): Promise<T | D>

  /**
   * Stores a value. Resolves `true` when written, `false` when `nx`/`xx` prevented it.
   * A `timeout <= 0` deletes the key and resolves `true` (Django: the write "succeeded" by not keeping it).
   * With `{ get: true }` resolves the previous value (or `undefined`) instead.
   */
  set<T = unknown>(
    key: string,
    value: unknown,
    timeout: Timeout,
    options: SetOptions & { get: true },
  ): Promise<T | undefined>
  set(key: string, value: unknown, timeout?: Timeout, options?: SetOptions & { get?: false }): Promise<boolean>
  set(key: string, value: unknown, timeout?: Timeout, options?: SetOptions): Promise<unknown>

  /**
   * Stores a value only if the key is absent; never overwrites. Resolves whether it was stored.
   * With `timeout <= 0` nothing is stored and it resolves `true` (Django's behaviour) when the key was absent.
   */
  add(key: string, value: unknown, timeout?: Timeout, options?: VersionOptions): Promise<boolean>

  /** Removes a key. Resolves whether it existed. */
  delete(key: string, options?: VersionOptions): Promise<boolean>

  /** The found keys' values (misses are left out; a cached `null` is included). `[]` gives `{}`. */
  getMany<T = unknown>(keys: Iterable<string>, options?: VersionOptions): Promise<Record<string, T>>

  /**
   * Stores many values with one timeout. Resolves the keys that could not be stored (`[]` on success).
   * A value that cannot be serialized rejects with `E_SERIALIZATION` before anything is written.
   */
  setMany(mapping: SetManyInput, timeout?: Timeout, options?: VersionOptions): Promise<string[]>

  /** Removes many keys. Resolves how many existed. */
  deleteMany(keys: Iterable<string>, options?: VersionOptions): Promise<number>

  /**
   * Removes this cache's keys: with a prefix only the keys under it (every version, or just `version`
   * when given); with no prefix and no version everything the backend holds (like Django).
   */
  clear(options?: VersionOptions): Promise<void>

  /** Whether the key exists (true for a cached `null`). */
  hasKey(key: string, options?: VersionOptions): Promise<boolean>

  /**
   * Adds `delta` (default 1) to an integer value atomically and resolves the new value.
   * Missing key: `E_KEY_NOT_FOUND`; a value that is not an integer (or a non-integer delta): `E_NOT_AN_INTEGER`.
   * A `bigint` delta resolves a `bigint` (exact beyond 2^53); a `number` delta resolves a `number`.
   */
  incr(key: string, delta?: number, options?: VersionOptions): Promise<number>
  incr(key: string, delta: bigint, options?: VersionOptions): Promise<bigint>

  /** `incr` with `-delta`. */
  decr(key: string, delta?: number, options?: VersionOptions): Promise<number>
  decr(key: string, delta: bigint, options?: VersionOptions): Promise<bigint>

  /**
   * Moves a value from `version` (default: the cache's) to `version + delta` (default 1), keeping its
   * TTL or persistence, and resolves the new version. Missing key: `E_KEY_NOT_FOUND`.
   */
  incrVersion(key: string, delta?: number, options?: VersionOptions): Promise<number>

  /** `incrVersion` with `-delta`. */
  decrVersion(key: string, delta?: number, options?: VersionOptions): Promise<number>

  /**
   * Gives an existing key a new timeout (default: the cache's; `null` persists it; `<= 0` deletes it).
   * Resolves whether the key existed.
   */
  touch(key: string, timeout?: Timeout, options?: VersionOptions): Promise<boolean>

  /**
   * The cached value; on a miss, `valueOrFactory` (called when it is a function, sync or async) is
   * stored with `timeout` and returned. A cached `null` is a hit. A factory that throws rejects the
   * caller and stores nothing. Concurrent callers for one key share one factory run (see the backend's
   * README for how far: one process, or the whole fleet).
   */
  getOrSet<T>(key: string, factory: ValueFactory<T>, timeout?: Timeout, options?: GetOrSetOptions): Promise<T>
  getOrSet<T>(key: string, value: T, timeout?: Timeout, options?: GetOrSetOptions): Promise<T>

  /** Releases what the cache opened (connections it created, timers). Injected clients stay open. */
  close(): Promise<void>
}

/**
 * The Redis extensions of CONTRACT section 5 (the django-cachex "Extended Methods"), offered by
 * RedisCache and MemoryCache. Patterns are globs over user keys (`*`, `?`, `[...]`, `\` escapes);
 * the prefix and version are escaped, so a prefix like `a*` only matches its own keys.
 */
export interface ExtendedCache extends Cache {
  /** Seconds left (Redis `TTL` rounding), `null` when the key never expires, `0` when it is missing. */
  ttl(key: string, options?: VersionOptions): Promise<number | null>
  /** Milliseconds left, `null` when the key never expires, `0` when it is missing. */
  pttl(key: string, options?: VersionOptions): Promise<number | null>
  /** Expires the key in `seconds` (`<= 0` deletes it). Resolves `false` when missing. */
  expire(key: string, seconds: number, options?: VersionOptions): Promise<boolean>
  /** Expires the key in `milliseconds` (`<= 0` deletes it). Resolves `false` when missing. */
  pexpire(key: string, milliseconds: number, options?: VersionOptions): Promise<boolean>
  /** Expires the key at a `Date` or epoch seconds (a past time deletes it). Resolves `false` when missing. */
  expireAt(key: string, when: Date | number, options?: VersionOptions): Promise<boolean>
  /** Expires the key at a `Date` or epoch milliseconds (a past time deletes it). Resolves `false` when missing. */
  pexpireAt(key: string, when: Date | number, options?: VersionOptions): Promise<boolean>
  /** Removes the key's expiry. Resolves `false` when the key is missing. */
  persist(key: string, options?: VersionOptions): Promise<boolean>
  /** The user keys of `version` (default: the cache's) matching the glob `pattern` (default `'*'`). */
  keys(pattern?: string, options?: VersionOptions): Promise<string[]>
  /** Like `keys`, incrementally (SCAN): each key is yielded at least once. */
  iterKeys(pattern?: string, options?: ScanOptions): AsyncIterable<string>
  /** Deletes the keys `keys(pattern)` would list. Resolves how many were deleted. */
  deletePattern(pattern: string, options?: ScanOptions): Promise<number>
  /**
   * Rewrites every key of this cache with the current serializer/compressor, keeping TTLs.
   * Resolves how many were rewritten.
   */
  reinsertKeys(): Promise<number>
}
