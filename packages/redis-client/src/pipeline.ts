/**
 * `cache.pipeline()`: queue cache operations (keys made, values encoded at queue time), send them in
 * one round trip per node, get the decoded results in order.
 */
import type { SetOptions, Timeout, VersionOptions } from '@cachex-js/core'
import type { CacheContext } from './cache-context.js'
import { evalCommand, unwrap, type BatchReply, type RedisCommand } from './commands.js'
import { groupKeysWhenReady } from './multi-key-ops.js'
import { deleteOp, expireAtOp, expireOp, getOp, hasKeyOp, incrOp, setOp, touchOp, ttlOp, type Op } from './ops.js'

function toCommand(op: Op): RedisCommand {
  return 'lua' in op.send ? evalCommand(op.send.lua, [op.fullKey], op.send.args) : op.send
}

/**
 * A batch of cache operations. Every method queues one operation and returns the pipeline (chainable);
 * key or encoding errors throw at once, before anything is sent. {@link CachePipeline.exec} sends them
 * (to the primary; one round trip per node) and resolves each operation's result, in order, exactly as the
 * cache's method of the same name would; it rejects with the first operation's error if any failed.
 * A pipeline is not a transaction: the operations of other clients may interleave.
 */
export class CachePipeline {
  readonly #context: CacheContext
  #ops: Op[] = []

  /** @internal Built by `RedisCache.pipeline()`. */
  constructor(context: CacheContext) {
    this.#context = context
  }

  /** How many operations are queued. */
  get length(): number {
    return this.#ops.length
  }

  #queue(op: Op): this {
    this.#ops.push(op)
    return this
  }

  /** Queues `get`. */
  get(key: string, defaultValue?: unknown, options: VersionOptions = {}): this {
    return this.#queue(getOp(this.#context, key, defaultValue, options.version))
  }

  /** Queues `set` (with `nx`/`xx`/`get` as on the cache). */
  set(key: string, value: unknown, timeout?: Timeout, options: SetOptions = {}): this {
    return this.#queue(setOp(this.#context, key, value, timeout, options))
  }

  /** Queues `add`. */
  add(key: string, value: unknown, timeout?: Timeout, options: VersionOptions = {}): this {
    return this.#queue(setOp(this.#context, key, value, timeout, { version: options.version, nx: true }))
  }

  /** Queues `delete`. */
  delete(key: string, options: VersionOptions = {}): this {
    return this.#queue(deleteOp(this.#context, key, options.version))
  }

  /** Queues `hasKey`. */
  hasKey(key: string, options: VersionOptions = {}): this {
    return this.#queue(hasKeyOp(this.#context, key, options.version))
  }

  /** Queues `incr` (a missing key makes `exec` reject with `E_KEY_NOT_FOUND`). */
  incr(key: string, delta: number | bigint = 1, options: VersionOptions = {}): this {
    return this.#queue(incrOp(this.#context, key, delta, options.version))
  }

  /** Queues `decr`. */
  decr(key: string, delta: number | bigint = 1, options: VersionOptions = {}): this {
    return this.#queue(incrOp(this.#context, key, typeof delta === 'bigint' ? -delta : -delta, options.version))
  }

  /** Queues `touch`. */
  touch(key: string, timeout?: Timeout, options: VersionOptions = {}): this {
    return this.#queue(touchOp(this.#context, key, timeout, options.version))
  }

  /** Queues `ttl`. */
  ttl(key: string, options: VersionOptions = {}): this {
    return this.#queue(ttlOp(this.#context, key, 's', options.version))
  }

  /** Queues `pttl`. */
  pttl(key: string, options: VersionOptions = {}): this {
    return this.#queue(ttlOp(this.#context, key, 'ms', options.version))
  }

  /** Queues `expire` (seconds). */
  expire(key: string, seconds: number, options: VersionOptions = {}): this {
    return this.#queue(expireOp(this.#context, key, seconds * 1000, options.version))
  }

  /** Queues `pexpire` (milliseconds). */
  pexpire(key: string, milliseconds: number, options: VersionOptions = {}): this {
    return this.#queue(expireOp(this.#context, key, milliseconds, options.version))
  }

  /** Queues `pexpireAt` (a `Date` or epoch milliseconds). */
  pexpireAt(key: string, when: Date | number, options: VersionOptions = {}): this {
    const at = when instanceof Date ? when.getTime() : when
    return this.#queue(expireAtOp(this.#context, key, at, options.version))
  }

  /** Queues `persist`. */
  persist(key: string, options: VersionOptions = {}): this {
    return this.#queue(expireOp(this.#context, key, null, options.version))
  }

  /**
   * Sends the queued operations and resolves their results in order; the pipeline is empty afterwards.
   * Under `ignoreExceptions`, a connection failure resolves every operation's default instead
   * (`get` -> its default, writes -> `false`, `ttl` -> `0`...), except when an `incr`/`decr` is queued.
   */
  async exec(): Promise<unknown[]> {
    const ops = this.#ops
    this.#ops = []
    if (ops.length === 0) return []
    const { commands, runner } = this.#context
    const context = { operation: 'pipeline' }
    const run = async (): Promise<unknown[]> => {
      const replies = new Array<BatchReply>(ops.length)
      const groups = await groupKeysWhenReady(
        this.#context,
        ops.map((op) => op.fullKey),
        'primary',
        context,
      )
      await Promise.all(
        groups.map(async (group) => {
          const batch = group.indexes.map((index) => toCommand(ops[index]!))
          const groupReplies = await commands.batch(group.client, batch, context)
          groupReplies.forEach((reply, position) => {
            replies[group.indexes[position]!] = reply
          })
        }),
      )
      return replies.map((reply, index) => ops[index]!.decode(unwrap(reply)))
    }
    const fallbacks = ops.map((op) => op.fallback)
    const fallback = fallbacks.every((f) => f !== undefined) ? () => fallbacks.map((f) => f()) : undefined
    return runner.guard(context, run, fallback)
  }
}
