/* eslint-disable @typescript-eslint/require-await -- synchronous inside; `async` makes every failure a rejection */
import type {
  BaseCacheOptions,
  ExtendedCache,
  GetOrSetOptions,
  ScanOptions,
  SetManyInput,
  SetOptions,
  Timeout,
  ValueFactory,
  VersionOptions,
} from './cache.js'
import type { Compressor, Serializer } from './codec.js'
import { CodecPipeline } from './codec-pipeline.js'
import { ConfigError, KeyNotFoundError, NotAnIntegerError } from './errors.js'
import { SingleFlight } from './single-flight.js'
import { globToRegExp } from './glob.js'
import { KeySpace } from './key-space.js'
import { type MemoryEntry, MemoryStore, type MemoryStoreOptions } from './memory-store.js'
import { assertTimeout, type Expiry, resolveExpiry, secondsToMs } from './timeout.js'
import { toEntries } from './set-many-input.js'
import { addToInteger } from './integer.js'
import { v8Serializer } from './v8-serializer.js'

/** Options of {@link MemoryCache}. */
export interface MemoryCacheOptions extends BaseCacheOptions, MemoryStoreOptions {
  /** Shares storage with other caches (as caches share a Redis database). Its own settings then apply. */
  store?: MemoryStore
  /** Serializers (the first writes, all read). Default `v8Serializer` (structured clone). */
  serializer?: Serializer | readonly Serializer[]
  /** Compressors (the first writes, all read). Default none. */
  compressor?: Compressor | readonly Compressor[]
  /** Bound on the bytes a value may inflate to. Default 512 MiB. */
  maxDecompressedSize?: number
}

/**
 * An in-process cache implementing the whole contract of sections 4 and 5 (but locks), for tests and
 * single-process apps. Values go through the same codec pipeline as Redis (so a stored object is a copy,
 * immune to later mutation, and integers are stored as decimal text), expire by the injected clock, and
 * are culled like Django's LocMemCache (`maxEntries`, `cullFrequency`).
 */
export class MemoryCache implements ExtendedCache {
  readonly keyPrefix: string
  readonly version: number
  readonly defaultTimeout: number | null
  /** The storage (possibly shared with other caches). */
  readonly store: MemoryStore
  /** The codec pipeline values go through. */
  readonly codec: CodecPipeline
  private readonly keySpace: KeySpace
  private readonly flights = new SingleFlight<Buffer | undefined>()

  constructor(options: MemoryCacheOptions = {}) {
    this.keySpace = new KeySpace(options)
    this.keyPrefix = this.keySpace.prefix
    this.version = this.keySpace.version
    const timeout = options.timeout === undefined ? 300 : options.timeout
    assertTimeout(timeout)
    this.defaultTimeout = timeout
    this.store = options.store ?? new MemoryStore(options)
    this.codec = new CodecPipeline({
      serializers: options.serializer ?? v8Serializer,
      compressors: options.compressor,
      maxDecompressedSize: options.maxDecompressedSize,
    })
  }

  makeKey(key: string, version?: number): string {
    return this.keySpace.makeKey(key, version)
  }

  get<T = unknown>(key: string, defaultValue?: undefined, options?: VersionOptions): Promise<T | undefined>
  get<T>(key: string, defaultValue: T, options?: VersionOptions): Promise<T>
  get<T, D>(key: string, defaultValue: D, options?: VersionOptions): Promise<T | D>
  async get(key: string, defaultValue?: unknown, options: VersionOptions = {}): Promise<unknown> {
    const entry = this.store.get(this.makeKey(key, options.version))
    return entry === undefined ? defaultValue : this.codec.decode(entry.value)
  }

  set<T = unknown>(
    key: string,
    value: unknown,
    timeout: Timeout,
    options: SetOptions & { get: true },
  ): Promise<T | undefined>
  set(key: string, value: unknown, timeout?: Timeout, options?: SetOptions & { get?: false }): Promise<boolean>
  set(key: string, value: unknown, timeout?: Timeout, options?: SetOptions): Promise<unknown>
  async set(key: string, value: unknown, timeout?: Timeout, options: SetOptions = {}): Promise<unknown> {
    const { nx = false, xx = false, get = false } = options
    if (nx && xx) throw new ConfigError('set: nx and xx cannot both be set', { context: { key, field: 'nx' } })
    const fullKey = this.makeKey(key, options.version)
    const expiry = resolveExpiry(timeout, this.defaultTimeout)
    const bytes = this.codec.encode(value)
    const existing = this.store.get(fullKey)
    const previous = get && existing !== undefined ? this.codec.decode(existing.value) : undefined
    const written = (nx && existing !== undefined) || (xx && existing === undefined) ? false : true
    if (written) this.write(fullKey, bytes, expiry)
    return get ? previous : written
  }

  async add(key: string, value: unknown, timeout?: Timeout, options: VersionOptions = {}): Promise<boolean> {
    return this.set(key, value, timeout, { version: options.version, nx: true })
  }

  async delete(key: string, options: VersionOptions = {}): Promise<boolean> {
    return this.store.delete(this.makeKey(key, options.version))
  }

  async getMany<T = unknown>(keys: Iterable<string>, options: VersionOptions = {}): Promise<Record<string, T>> {
    const found: Record<string, T> = {}
    for (const key of [...keys]) {
      const entry = this.store.get(this.makeKey(key, options.version))
      if (entry === undefined) continue
      const value = this.codec.decode(entry.value) as T
      // a key named `__proto__` must be an own property, not the result's prototype
      if (key === '__proto__')
        Object.defineProperty(found, key, { value, enumerable: true, writable: true, configurable: true })
      else found[key] = value
    }
    return found
  }

  async setMany(mapping: SetManyInput, timeout?: Timeout, options: VersionOptions = {}): Promise<string[]> {
    const expiry = resolveExpiry(timeout, this.defaultTimeout)
    const encoded = toEntries(mapping).map(
      ([key, value]) => [this.makeKey(key, options.version), this.codec.encode(value)] as const,
    )
    for (const [fullKey, bytes] of encoded) this.write(fullKey, bytes, expiry)
    return []
  }

  async deleteMany(keys: Iterable<string>, options: VersionOptions = {}): Promise<number> {
    let deleted = 0
    for (const fullKey of new Set([...keys].map((key) => this.makeKey(key, options.version)))) {
      if (this.store.delete(fullKey)) deleted++
    }
    return deleted
  }

  async clear(options: VersionOptions = {}): Promise<void> {
    if (this.keyPrefix === '' && options.version === undefined) return this.store.clear()
    this.deleteMatching(this.keySpace.clearPattern(options.version))
  }

  async hasKey(key: string, options: VersionOptions = {}): Promise<boolean> {
    return this.store.get(this.makeKey(key, options.version)) !== undefined
  }

  incr(key: string, delta?: number, options?: VersionOptions): Promise<number>
  incr(key: string, delta: bigint, options?: VersionOptions): Promise<bigint>
  async incr(key: string, delta: number | bigint = 1, options: VersionOptions = {}): Promise<number | bigint> {
    const fullKey = this.makeKey(key, options.version)
    const entry = this.store.get(fullKey)
    if (entry === undefined)
      throw new KeyNotFoundError(`key "${key}" not found`, { context: { key, operation: 'incr' } })
    const current = this.codec.decodeInteger(entry.value)
    if (current === undefined) {
      throw new NotAnIntegerError(`the value of "${key}" is not an integer`, { context: { key, operation: 'incr' } })
    }
    const result = addToInteger(current, delta, key)
    entry.value = this.codec.encode(result)
    return typeof delta === 'bigint' ? BigInt(result) : Number(result)
  }

  decr(key: string, delta?: number, options?: VersionOptions): Promise<number>
  decr(key: string, delta: bigint, options?: VersionOptions): Promise<bigint>
  async decr(key: string, delta: number | bigint = 1, options: VersionOptions = {}): Promise<number | bigint> {
    return this.incr(key, -delta as number, options)
  }

  async incrVersion(key: string, delta = 1, options: VersionOptions = {}): Promise<number> {
    const move = this.keySpace.versionMove(key, delta, options.version)
    const entry = this.store.get(move.from)
    if (entry === undefined) {
      throw new KeyNotFoundError(`key "${key}" not found`, { context: { key, operation: 'incrVersion' } })
    }
    if (move.to !== move.from) {
      this.store.set(move.to, { value: entry.value, expiresAt: entry.expiresAt })
      this.store.delete(move.from)
    }
    return move.newVersion
  }

  async decrVersion(key: string, delta = 1, options: VersionOptions = {}): Promise<number> {
    return this.incrVersion(key, -delta, options)
  }

  async touch(key: string, timeout?: Timeout, options: VersionOptions = {}): Promise<boolean> {
    const expiry = resolveExpiry(timeout, this.defaultTimeout)
    return this.applyExpiry(this.makeKey(key, options.version), expiry)
  }

  getOrSet<T>(key: string, factory: ValueFactory<T>, timeout?: Timeout, options?: GetOrSetOptions): Promise<T>
  getOrSet<T>(key: string, value: T, timeout?: Timeout, options?: GetOrSetOptions): Promise<T>
  async getOrSet(
    key: string,
    valueOrFactory: unknown,
    timeout?: Timeout,
    options: GetOrSetOptions = {},
  ): Promise<unknown> {
    const fullKey = this.makeKey(key, options.version)
    const expiry = resolveExpiry(timeout, this.defaultTimeout)
    const { lockTimeout, staleCacheTimeout, signal } = options
    if (lockTimeout !== undefined) assertTimeout(lockTimeout, 'lockTimeout')
    if (staleCacheTimeout !== undefined) assertTimeout(staleCacheTimeout, 'staleCacheTimeout')
    for (;;) {
      signal?.throwIfAborted()
      const hit = this.store.get(fullKey)
      if (hit !== undefined) return this.codec.decode(hit.value)
      const running = this.flights.running(fullKey)
      if (running === undefined) break
      const stale = this.store.getStale(fullKey)
      if (stale !== undefined) return this.codec.decode(stale.value)
      const outcome = await this.flights.wait(
        running,
        lockTimeout == null ? undefined : secondsToMs(lockTimeout),
        signal,
      )
      if (outcome.kind === 'value' && outcome.value !== undefined) return this.codec.decode(outcome.value)
      if (outcome.kind === 'timeout') break // the winner is late: compute ourselves
      // the winner failed or stored nothing: look again, maybe become the winner
    }
    let result: unknown
    await this.flights.run(fullKey, async () => {
      result = typeof valueOrFactory === 'function' ? await (valueOrFactory as () => unknown)() : valueOrFactory
      const bytes = this.codec.encode(result)
      this.write(fullKey, bytes, expiry, staleCacheTimeout)
      return expiry.kind === 'delete' ? undefined : bytes
    })
    return result
  }

  async close(): Promise<void> {}

  async ttl(key: string, options: VersionOptions = {}): Promise<number | null> {
    const left = await this.pttl(key, options)
    return left === null ? null : Math.floor((left + 500) / 1000)
  }

  async pttl(key: string, options: VersionOptions = {}): Promise<number | null> {
    const entry = this.store.get(this.makeKey(key, options.version))
    if (entry === undefined) return 0
    return entry.expiresAt === null ? null : Math.max(0, entry.expiresAt - this.store.now())
  }

  async expire(key: string, seconds: number, options: VersionOptions = {}): Promise<boolean> {
    return this.expireIn(key, finite(seconds, 'seconds') * 1000, options)
  }

  async pexpire(key: string, milliseconds: number, options: VersionOptions = {}): Promise<boolean> {
    return this.expireIn(key, finite(milliseconds, 'milliseconds'), options)
  }

  async expireAt(key: string, when: Date | number, options: VersionOptions = {}): Promise<boolean> {
    const at = when instanceof Date ? when.getTime() : finite(when, 'when') * 1000
    return this.expireIn(key, finite(at, 'when') - this.store.now(), options)
  }

  async pexpireAt(key: string, when: Date | number, options: VersionOptions = {}): Promise<boolean> {
    const at = when instanceof Date ? when.getTime() : when
    return this.expireIn(key, finite(at, 'when') - this.store.now(), options)
  }

  async persist(key: string, options: VersionOptions = {}): Promise<boolean> {
    return this.applyExpiry(this.makeKey(key, options.version), { kind: 'persist' })
  }

  async keys(pattern = '*', options: VersionOptions = {}): Promise<string[]> {
    return this.matching(this.keySpace.makePattern(pattern, options.version)).map((k) => this.keySpace.reverseKey(k))
  }

  async *iterKeys(pattern = '*', options: ScanOptions = {}): AsyncIterable<string> {
    yield* await this.keys(pattern, options)
  }

  async deletePattern(pattern: string, options: ScanOptions = {}): Promise<number> {
    return this.deleteMatching(this.keySpace.makePattern(pattern, options.version))
  }

  async reinsertKeys(): Promise<number> {
    let count = 0
    for (const fullKey of this.matching(this.keySpace.clearPattern())) {
      const entry = this.store.get(fullKey)
      if (entry === undefined) continue
      let value: unknown
      try {
        value = this.codec.decode(entry.value)
      } catch {
        continue // undecodable bytes are left as they are
      }
      entry.value = this.codec.encode(value)
      count++
    }
    return count
  }

  private write(fullKey: string, bytes: Buffer, expiry: Expiry, staleCacheTimeout?: number | null): void {
    if (expiry.kind === 'delete') {
      this.store.delete(fullKey)
      return
    }
    const entry: MemoryEntry = {
      value: bytes,
      expiresAt: expiry.kind === 'persist' ? null : this.store.now() + expiry.ms,
    }
    if (staleCacheTimeout !== undefined && entry.expiresAt !== null) {
      entry.staleUntil = staleCacheTimeout === null ? null : entry.expiresAt + Math.max(0, staleCacheTimeout * 1000)
    }
    this.store.set(fullKey, entry)
  }

  private expireIn(key: string, ms: number, options: VersionOptions): Promise<boolean> {
    const fullKey = this.makeKey(key, options.version)
    return Promise.resolve(this.applyExpiry(fullKey, resolveExpiry(ms / 1000, null)))
  }

  private applyExpiry(fullKey: string, expiry: Expiry): boolean {
    const entry = this.store.get(fullKey)
    if (entry === undefined) return false
    if (expiry.kind === 'delete') this.store.delete(fullKey)
    else entry.expiresAt = expiry.kind === 'persist' ? null : this.store.now() + expiry.ms
    delete entry.staleUntil
    return true
  }

  private matching(pattern: string): string[] {
    const regexp = globToRegExp(pattern)
    return this.store.keys().filter((fullKey) => regexp.test(fullKey))
  }

  private deleteMatching(pattern: string): number {
    let deleted = 0
    for (const fullKey of this.matching(pattern)) if (this.store.delete(fullKey)) deleted++
    return deleted
  }
}

function finite(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${field} must be a finite number`, { context: { field } })
  }
  return value
}
