/**
 * What the bench asks of every system under test: the cache operations the scenarios use, done the way
 * a user of that library would do them.
 */

/** A key/value pair for `setMany`. */
export type Entry = readonly [key: string, value: unknown]

/** The operations a scenario may call. Optional ones are skipped (`n/a`) when a library lacks them. */
export interface BenchSystem {
  /** How the system was actually set up, when that differs from its description (for the report). */
  remarks?: string[]
  /** A value, or `undefined` on a miss. */
  get(key: string): Promise<unknown>
  /** Stores `value` for `ttlSeconds`. */
  set(key: string, value: unknown, ttlSeconds: number): Promise<unknown>
  /** Many values in one call (or what the library offers for it). */
  getMany(keys: readonly string[]): Promise<unknown>
  /** Many values in one call. */
  setMany(entries: readonly Entry[], ttlSeconds: number): Promise<unknown>
  /** Adds 1 to an integer stored at `key` (created by `set(key, 0)`). */
  incr?(key: string): Promise<unknown>
  /** The cached value of `key`, or `factory()`'s, stored for `ttlSeconds`. */
  getOrSet(key: string, factory: () => Promise<unknown>, ttlSeconds: number): Promise<unknown>
  /** Closes the system's connections. */
  close(): Promise<void>
}

/** Where the system connects. */
export interface SystemContext {
  /** `redis://127.0.0.1:<port>/0` of the bench's private server. */
  url: string
  host: string
  port: number
  /** A prefix for every key this system writes. */
  prefix: string
}

/** How the report names and groups a system. */
export interface SystemInfo {
  /** Stable id, e.g. `cachex-cbor`. */
  id: string
  /** What the report prints. */
  label: string
  /** The raw ioredis system doing the same encoding (the ratio's denominator). */
  baseline: string
  /** npm packages whose versions the report lists. */
  packages: string[]
  /** Whether it has an `incr` (the `incr` scenario is skipped otherwise). */
  incr: boolean
  /** Which payload sizes it runs (default every one). */
  payloads?: readonly string[]
  /** Notes for the report (how operations map onto the library). */
  notes: string[]
  /** Builds the system (imports the library lazily, so each worker loads only its own). */
  create(context: SystemContext): Promise<BenchSystem>
}
