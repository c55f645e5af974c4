/**
 * RedisCache: the cachex contract (CONTRACT sections 4, 5, 7 and 10) on ioredis, for one server and a
 * primary with read replicas; other topologies plug in through {@link ClientTopology}.
 */
import {
  KeyNotFoundError,
  toEntries,
  type CodecPipeline,
  type ErrorContext,
  type ExtendedCache,
  type GetOrSetOptions,
  type ScanOptions,
  type SetManyInput,
  type SetOptions,
  type Timeout,
  type ValueFactory,
  type VersionOptions,
} from '@cachex-js/core'
import { createCacheContext, type CacheContext } from './cache-context.js'
import type { RedisClient } from './connection.js'
import { Herd } from './herd.js'
import { moveVersion } from './move-version.js'
import type { RedisCacheConfig } from './options.js'
import {
  deleteOp,
  expireAtOp,
  expireOp,
  finiteNumber,
  getOp,
  hasKeyOp,
  incrOp,
  setOp,
  touchOp,
  ttlOp,
  type Op,
} from './ops.js'
import { clearKeys, deleteMatching, iterateUserKeys, reinsertAll } from './pattern-ops.js'
import { CachePipeline } from './pipeline.js'
import type { ClientTopology } from './topology.js'
import { getMany, setMany, unlinkKeys } from './multi-key-ops.js'

/** `send()`, with a synchronous throw turned into a rejection (as an async function would). */
function guarded(send: () => Promise<unknown>): Promise<unknown> {
  try {
    return send()
  } catch (error) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- whatever it threw
    return Promise.reject(error)
  }
}

/**
 * A cache on Redis implementing {@link ExtendedCache}.
 *
 * @example
 * const cache = new RedisCache({ location: 'redis://127.0.0.1:6379/0', keyPrefix: 'shop', timeout: 300 })
 * await cache.set('user:1', { name: 'Ada' })
 * await cache.getOrSet('report', () => buildReport(), 60, { staleCacheTimeout: 300 })
 */
export class RedisCache implements ExtendedCache {
  readonly keyPrefix: string
  readonly version: number
  readonly defaultTimeout: number | null
  /** The codec pipeline values go through. */
  readonly codec: CodecPipeline
  readonly #context: CacheContext
  readonly #herd: Herd

  /** Validates the configuration (`E_CONFIG` naming the bad field) and connects in the background. */
  constructor(config: RedisCacheConfig) {
    this.#context = createCacheContext(config)
    this.keyPrefix = this.#context.keySpace.prefix
    this.version = this.#context.keySpace.version
    this.defaultTimeout = this.#context.defaultTimeout
    this.codec = this.#context.codec
    this.#herd = new Herd(this.#context)
  }

  /**
   * The cache's internals (key space, codec, topology, command runner) for extension packages such as
   * `@cachex-js/structures` and `@cachex-js/lock`, so they share its keys, codec and failure semantics.
   * Not for application code: its shape may change in minor releases.
   */
  get context(): CacheContext {
    return this.#context
  }

  /** The topology the cache runs on. */
  get topology(): ClientTopology {
    return this.#context.topology
  }

  /** The ioredis client for writes (`write = true`, the default) or for plain reads (`getRedisConnection`). */
  getConnection(write = true): RedisClient {
    return write ? this.#context.topology.writer() : this.#context.topology.reader()
  }

  makeKey(key: string, version?: number): string {
    return this.#context.keySpace.makeKey(key, version)
  }

  /** Runs one single-key operation with the failure semantics of the runner (`op.fallback` when ignoring). */
  #run(operation: string, key: string, build: () => Op): Promise<unknown> {
    let op: Op
    try {
      op = build() // key and encoding errors reject here, before anything is sent
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as an async method would
      return Promise.reject(error)
    }
    return this.#execute(operation, op)
  }

  /**
   * Sends a built operation and decodes its reply. No async layers of our own on this path (every `get` and
   * `set` takes it): the decoding rides on the reply's promise, and `guard` is skipped unless it can apply.
   */
  #execute(operation: string, op: Op): Promise<unknown> {
    const context: ErrorContext = { operation, key: op.key }
    const { topology, commands, runner } = this.#context
    const send = (): Promise<unknown> => {
      const client = op.access === 'read' ? topology.reader() : topology.writer()
      if (op.plainSet !== undefined) return runner.set(client, op.plainSet, context, op.decode)
      if (op.plainGet === true) return runner.get(client, op.fullKey, context, op.decode)
      return 'lua' in op.send
        ? commands.script(client, op.send.lua, [op.fullKey], op.send.args, context, op.decode)
        : commands.call(client, op.send.name, op.send.args, context, op.decode)
    }
    return op.fallback === undefined || !runner.ignoresExceptions
      ? guarded(send)
      : runner.guard(context, send, op.fallback)
  }

  get<T = unknown>(key: string, defaultValue?: undefined, options?: VersionOptions): Promise<T | undefined>
  get<T>(key: string, defaultValue: T, options?: VersionOptions): Promise<T>
  get<T, D>(key: string, defaultValue: D, options?: VersionOptions): Promise<T | D>
  get(key: string, defaultValue?: unknown, options: VersionOptions = {}): Promise<unknown> {
    let op: Op
    try {
      op = getOp(this.#context, key, defaultValue, options.version)
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as an async method would
      return Promise.reject(error)
    }
    return this.#execute('get', op)
  }

  set<T = unknown>(
    key: string,
    value: unknown,
    timeout: Timeout,
    options: SetOptions & { get: true },
  ): Promise<T | undefined>
  set(key: string, value: unknown, timeout?: Timeout, options?: SetOptions & { get?: false }): Promise<boolean>
  set(key: string, value: unknown, timeout?: Timeout, options?: SetOptions): Promise<unknown>
  set(key: string, value: unknown, timeout?: Timeout, options?: SetOptions): Promise<unknown> {
    let op: Op
    try {
      op = setOp(this.#context, key, value, timeout, options)
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as an async method would
      return Promise.reject(error)
    }
    return this.#execute('set', op)
  }

  async add(key: string, value: unknown, timeout?: Timeout, options: VersionOptions = {}): Promise<boolean> {
    const build = () => setOp(this.#context, key, value, timeout, { version: options.version, nx: true })
    return (await this.#run('add', key, build)) as boolean
  }

  async delete(key: string, options: VersionOptions = {}): Promise<boolean> {
    return (await this.#run('delete', key, () => deleteOp(this.#context, key, options.version))) as boolean
  }

  async getMany<T = unknown>(keys: Iterable<string>, options: VersionOptions = {}): Promise<Record<string, T>> {
    const context = { operation: 'getMany' }
    return this.#context.runner.guard(
      context,
      () => getMany<T>(this.#context, keys, options.version, context),
      () => ({}),
    )
  }

  async setMany(mapping: SetManyInput, timeout?: Timeout, options: VersionOptions = {}): Promise<string[]> {
    const entries = toEntries(mapping)
    const context = { operation: 'setMany' }
    return this.#context.runner.guard(
      context,
      () => setMany(this.#context, entries, timeout, options.version, context),
      () => entries.map(([key]) => key),
    )
  }

  async deleteMany(keys: Iterable<string>, options: VersionOptions = {}): Promise<number> {
    const context = { operation: 'deleteMany' }
    return this.#context.runner.guard(
      context,
      async () => {
        const fullKeys = [...new Set([...keys].map((key) => this.makeKey(key, options.version)))]
        return fullKeys.length === 0 ? 0 : unlinkKeys(this.#context, fullKeys, context)
      },
      () => 0,
    )
  }

  async clear(options: VersionOptions = {}): Promise<void> {
    const context = { operation: 'clear' }
    const version = options.version === undefined ? undefined : this.#context.keySpace.resolveVersion(options.version)
    await this.#context.runner.guard(
      context,
      () => clearKeys(this.#context, version, context),
      () => undefined,
    )
  }

  async hasKey(key: string, options: VersionOptions = {}): Promise<boolean> {
    return (await this.#run('hasKey', key, () => hasKeyOp(this.#context, key, options.version))) as boolean
  }

  incr(key: string, delta?: number, options?: VersionOptions): Promise<number>
  incr(key: string, delta: bigint, options?: VersionOptions): Promise<bigint>
  async incr(key: string, delta: number | bigint = 1, options: VersionOptions = {}): Promise<number | bigint> {
    return (await this.#run('incr', key, () => incrOp(this.#context, key, delta, options.version))) as number | bigint
  }

  decr(key: string, delta?: number, options?: VersionOptions): Promise<number>
  decr(key: string, delta: bigint, options?: VersionOptions): Promise<bigint>
  async decr(key: string, delta: number | bigint = 1, options: VersionOptions = {}): Promise<number | bigint> {
    const negated = typeof delta === 'bigint' ? -delta : typeof delta === 'number' ? -delta : delta
    return (await this.#run('decr', key, () => incrOp(this.#context, key, negated, options.version))) as number | bigint
  }

  async incrVersion(key: string, delta = 1, options: VersionOptions = {}): Promise<number> {
    const context = { operation: 'incrVersion', key }
    return this.#context.runner.guard(
      context,
      async () => {
        const move = this.#context.keySpace.versionMove(key, delta, options.version)
        const moved = await moveVersion(this.#context, move.from, move.to, context)
        if (!moved) throw new KeyNotFoundError(`key "${key}" not found`, { context })
        return move.newVersion
      },
      undefined,
    )
  }

  async decrVersion(key: string, delta = 1, options: VersionOptions = {}): Promise<number> {
    return this.incrVersion(key, -delta, options)
  }

  async touch(key: string, timeout?: Timeout, options: VersionOptions = {}): Promise<boolean> {
    return (await this.#run('touch', key, () => touchOp(this.#context, key, timeout, options.version))) as boolean
  }

  getOrSet<T>(key: string, factory: ValueFactory<T>, timeout?: Timeout, options?: GetOrSetOptions): Promise<T>
  getOrSet<T>(key: string, value: T, timeout?: Timeout, options?: GetOrSetOptions): Promise<T>
  async getOrSet(
    key: string,
    valueOrFactory: unknown,
    timeout?: Timeout,
    options: GetOrSetOptions = {},
  ): Promise<unknown> {
    return this.#herd.getOrSet(key, valueOrFactory, timeout, options)
  }

  /** Disconnects the clients the cache created (when `closeConnection` is on); injected clients stay open. */
  async close(): Promise<void> {
    await this.#context.topology.close()
  }

  async ttl(key: string, options: VersionOptions = {}): Promise<number | null> {
    return (await this.#run('ttl', key, () => ttlOp(this.#context, key, 's', options.version))) as number | null
  }

  async pttl(key: string, options: VersionOptions = {}): Promise<number | null> {
    return (await this.#run('pttl', key, () => ttlOp(this.#context, key, 'ms', options.version))) as number | null
  }

  async expire(key: string, seconds: number, options: VersionOptions = {}): Promise<boolean> {
    const build = () => expireOp(this.#context, key, finiteNumber(seconds, 'seconds') * 1000, options.version)
    return (await this.#run('expire', key, build)) as boolean
  }

  async pexpire(key: string, milliseconds: number, options: VersionOptions = {}): Promise<boolean> {
    const build = () => expireOp(this.#context, key, finiteNumber(milliseconds, 'milliseconds'), options.version)
    return (await this.#run('pexpire', key, build)) as boolean
  }

  async expireAt(key: string, when: Date | number, options: VersionOptions = {}): Promise<boolean> {
    const build = () => {
      const at = when instanceof Date ? when.getTime() : finiteNumber(when, 'when') * 1000
      return expireAtOp(this.#context, key, finiteNumber(at, 'when'), options.version)
    }
    return (await this.#run('expireAt', key, build)) as boolean
  }

  async pexpireAt(key: string, when: Date | number, options: VersionOptions = {}): Promise<boolean> {
    const build = () => {
      const at = when instanceof Date ? when.getTime() : when
      return expireAtOp(this.#context, key, finiteNumber(at, 'when'), options.version)
    }
    return (await this.#run('pexpireAt', key, build)) as boolean
  }

  async persist(key: string, options: VersionOptions = {}): Promise<boolean> {
    return (await this.#run('persist', key, () => expireOp(this.#context, key, null, options.version))) as boolean
  }

  async keys(pattern = '*', options: VersionOptions = {}): Promise<string[]> {
    const keys: string[] = []
    for await (const key of this.iterKeys(pattern, options)) keys.push(key)
    return keys
  }

  async *iterKeys(pattern = '*', options: ScanOptions = {}): AsyncIterable<string> {
    const context = { operation: 'iterKeys' }
    const match = this.#context.keySpace.makePattern(pattern, options.version)
    const iterator = iterateUserKeys(this.#context, match, options.itersize, context)
    for (;;) {
      const step = await this.#context.runner.guard(
        context,
        () => iterator.next(),
        () => null,
      )
      if (step === null || step.done === true) return
      yield step.value
    }
  }

  async deletePattern(pattern: string, options: ScanOptions = {}): Promise<number> {
    const context = { operation: 'deletePattern' }
    return this.#context.runner.guard(
      context,
      async () => {
        const match = this.#context.keySpace.makePattern(pattern, options.version)
        return deleteMatching(this.#context, match, options.itersize, context)
      },
      () => 0,
    )
  }

  async reinsertKeys(): Promise<number> {
    const context = { operation: 'reinsertKeys' }
    return this.#context.runner.guard(
      context,
      () => reinsertAll(this.#context, context),
      () => 0,
    )
  }

  /** A {@link CachePipeline}: queue operations, send them in one round trip, get decoded results in order. */
  pipeline(): CachePipeline {
    return new CachePipeline(this.#context)
  }
}
