import { expect } from 'vitest'
import type { BaseCacheOptions, Cache, ExtendedCache } from '@cachex-js/core'

/** Options the suite passes to the factory. */
export interface CacheFactoryOptions extends BaseCacheOptions {
  /**
   * The suite's fake clock (epoch ms), passed only when `capabilities.clock` is true. Caches created in
   * one test receive the same function and must share storage; a new test brings a new clock.
   */
  now?: () => number
}

/** What the backend under test can and cannot do. */
export interface CacheSuiteCapabilities {
  /**
   * The factory honours `options.now`: expiry tests advance a fake clock instead of sleeping.
   * Default `false`: expiry tests use real short timeouts with wide margins.
   */
  clock?: boolean
  /** The section 5 extensions (`ttl`, `expire`, `keys`, `deletePattern`...). Default `true`. */
  extensions?: boolean
  /** `reinsertKeys`. Default: as `extensions`. */
  reinsertKeys?: boolean
  /**
   * The store behind the factory's caches is private to this suite (or to each test), so `clear()` on a
   * cache with no prefix, which wipes the whole store, may run. Default `false` (safe on a shared Redis).
   */
  isolatedStore?: boolean
  /**
   * The configured serializer round-trips `undefined`, `Date`, `Map`, `Set`, safe-range `bigint`, `NaN`,
   * `Infinity` and bytes nested in structures (cbor and the v8 serializer do; JSON does not). Default `true`.
   * Top-level bytes and bigints beyond 2^53 are tested regardless: the codec pipeline stores those itself.
   */
  richValues?: boolean
}

/** Options of {@link runCacheSuite}. */
export interface CacheSuiteOptions {
  /** Names the `describe` block. */
  name: string
  /** Builds a cache. Called several times per test; caches of one test must share storage. */
  createCache(options: CacheFactoryOptions): Cache | ExtendedCache | Promise<Cache | ExtendedCache>
  capabilities?: CacheSuiteCapabilities
}

/** What each test of the suite uses: caches with a unique prefix, time control, cleanup. */
export interface CacheSuiteContext {
  readonly capabilities: Required<CacheSuiteCapabilities>
  /** A cache with this test's unique prefix (or the options given: `keyPrefix: ''` for none). */
  cache(options?: CacheFactoryOptions): Promise<ExtendedCache>
  /** A fresh prefix unique to this run and test. */
  uniquePrefix(): string
  /** A key unique to this run and test (for caches without a prefix). */
  uniqueKey(label?: string): string
  /** Lets `seconds` pass: advances the fake clock, or sleeps for real. */
  elapse(seconds: number): Promise<void>
  /** Registers cleanup to run after the test. */
  onCleanup(fn: () => unknown): void
}

const runId = Math.random().toString(36).slice(2, 8)

/** Internal: the context object with its per-test lifecycle. */
export class SuiteContext implements CacheSuiteContext {
  readonly capabilities: Required<CacheSuiteCapabilities>
  private readonly options: CacheSuiteOptions
  private testIndex = 0
  private counter = 0
  private caches: Cache[] = []
  private cleanups: (() => unknown)[] = []
  private clockMs = 0
  private now: (() => number) | undefined

  constructor(options: CacheSuiteOptions) {
    this.options = options
    const caps = options.capabilities ?? {}
    const extensions = caps.extensions ?? true
    this.capabilities = {
      clock: caps.clock ?? false,
      extensions,
      reinsertKeys: caps.reinsertKeys ?? extensions,
      isolatedStore: caps.isolatedStore ?? false,
      richValues: caps.richValues ?? true,
    }
  }

  begin(): void {
    this.testIndex++
    this.counter = 0
    if (this.capabilities.clock) {
      this.clockMs = Date.now()
      this.now = () => this.clockMs
    }
  }

  async end(): Promise<void> {
    const caches = this.caches
    const cleanups = this.cleanups
    this.caches = []
    this.cleanups = []
    // Best effort: a test may have closed its caches already.
    for (const fn of cleanups.reverse()) await settle(fn)
    for (const cache of caches) {
      if (cache.keyPrefix !== '') await settle(() => cache.clear())
      await settle(() => cache.close())
    }
  }

  uniquePrefix(): string {
    return `cx${runId}t${this.testIndex}n${this.counter++}`
  }

  uniqueKey(label = 'key'): string {
    return `${this.uniquePrefix()}-${label}`
  }

  async cache(options: CacheFactoryOptions = {}): Promise<ExtendedCache> {
    const factoryOptions: CacheFactoryOptions = { keyPrefix: this.uniquePrefix(), ...options }
    if (this.now !== undefined) factoryOptions.now = this.now
    const cache = await this.options.createCache(factoryOptions)
    this.caches.push(cache)
    return cache as ExtendedCache
  }

  async elapse(seconds: number): Promise<void> {
    if (this.now !== undefined) {
      this.clockMs += seconds * 1000
      return
    }
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  }

  onCleanup(fn: () => unknown): void {
    this.cleanups.push(fn)
  }
}

/** Asserts that `promise` rejects with a cachex error of `code`. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code })
}

/** Asserts that `fn` returns a rejected promise (never throws synchronously) with `code`. */
export async function expectRejection(fn: () => Promise<unknown>, code: string): Promise<void> {
  let promise: Promise<unknown>
  try {
    promise = fn()
  } catch (error) {
    throw new Error(`expected a rejected promise, but the call threw synchronously: ${String(error)}`)
  }
  expect(promise).toBeInstanceOf(Promise)
  await expectCode(promise, code)
}

async function settle(fn: () => unknown): Promise<void> {
  try {
    await fn()
  } catch {
    // cleanup failures must not hide the test's own outcome
  }
}
