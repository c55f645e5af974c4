import { ConfigError } from './errors.js'

/** One stored value: its encoded bytes and when it expires. */
export interface MemoryEntry {
  /** The encoded value (codec pipeline output). */
  value: Buffer
  /** Epoch ms after which the value is gone; `null` = never. */
  expiresAt: number | null
  /** Epoch ms until which an expired value may still be served stale by `getOrSet`; `null` = forever. */
  staleUntil?: number | null
}

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** Most entries kept before culling (Django's `MAX_ENTRIES`). Default 300; `Infinity` disables culling. */
  maxEntries?: number
  /** When full, `1/cullFrequency` of the entries (least recently used first) are evicted; `0` evicts all. Default 3. */
  cullFrequency?: number
  /** The clock, in epoch milliseconds. Default `Date.now`; inject one to test expiry without waiting. */
  now?: () => number
}

/**
 * The storage behind MemoryCache: a `Map` in least-recently-used order with expiry times, culled like
 * Django's LocMemCache. Several caches (different prefixes or versions) may share one store, as several
 * Django caches share one Redis database.
 */
export class MemoryStore {
  readonly maxEntries: number
  readonly cullFrequency: number
  readonly now: () => number
  private readonly entries = new Map<string, MemoryEntry>()

  constructor(options: MemoryStoreOptions = {}) {
    const { maxEntries = 300, cullFrequency = 3, now = Date.now } = options
    if (
      typeof maxEntries !== 'number' ||
      !(maxEntries === Infinity || (Number.isSafeInteger(maxEntries) && maxEntries > 0))
    ) {
      throw new ConfigError('maxEntries must be a positive integer or Infinity', { context: { field: 'maxEntries' } })
    }
    if (typeof cullFrequency !== 'number' || !Number.isSafeInteger(cullFrequency) || cullFrequency < 0) {
      throw new ConfigError('cullFrequency must be a non-negative integer', { context: { field: 'cullFrequency' } })
    }
    if (typeof now !== 'function') throw new ConfigError('now must be a function', { context: { field: 'now' } })
    this.maxEntries = maxEntries
    this.cullFrequency = cullFrequency
    this.now = now
  }

  /** How many entries are held, expired ones not yet purged included. */
  get size(): number {
    return this.entries.size
  }

  /** The live entry of `key` (marked most recently used), or `undefined`. */
  get(key: string): MemoryEntry | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    if (!this.isLive(entry)) {
      if (!this.isStale(entry)) this.entries.delete(key)
      return undefined
    }
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry
  }

  /** The expired-but-still-servable entry of `key` (see {@link MemoryEntry.staleUntil}), or `undefined`. */
  getStale(key: string): MemoryEntry | undefined {
    const entry = this.entries.get(key)
    return entry !== undefined && !this.isLive(entry) && this.isStale(entry) ? entry : undefined
  }

  /** Stores `entry` under `key` as the most recently used, culling first when the store is full. */
  set(key: string, entry: MemoryEntry): void {
    if (this.entries.delete(key)) {
      this.entries.set(key, entry)
      return
    }
    if (this.entries.size >= this.maxEntries) this.cull()
    this.entries.set(key, entry)
  }

  /** Removes `key`; resolves whether a live entry was there. */
  delete(key: string): boolean {
    const entry = this.entries.get(key)
    if (entry === undefined) return false
    this.entries.delete(key)
    return this.isLive(entry)
  }

  /** The keys of live entries, in least-recently-used order (a snapshot). */
  keys(): string[] {
    const keys: string[] = []
    for (const [key, entry] of this.entries) if (this.isLive(entry)) keys.push(key)
    return keys
  }

  /** Removes every entry. */
  clear(): void {
    this.entries.clear()
  }

  private isLive(entry: MemoryEntry): boolean {
    return entry.expiresAt === null || entry.expiresAt > this.now()
  }

  private isStale(entry: MemoryEntry): boolean {
    return entry.staleUntil !== undefined && (entry.staleUntil === null || entry.staleUntil > this.now())
  }

  private cull(): void {
    for (const [key, entry] of this.entries) {
      if (!this.isLive(entry) && !this.isStale(entry)) this.entries.delete(key)
    }
    if (this.entries.size < this.maxEntries) return
    if (this.cullFrequency === 0) {
      this.entries.clear()
      return
    }
    let count = Math.floor(this.entries.size / this.cullFrequency)
    for (const key of this.entries.keys()) {
      if (count-- <= 0) break
      this.entries.delete(key)
    }
  }
}
