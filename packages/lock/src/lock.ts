import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { ConfigError, LockNotHeldError, LockNotOwnedError, NotSupportedError } from '@cachex-js/core'
import { fenceKey } from './fence-key.js'
import { ACQUIRE_FENCED, EXTEND, REACQUIRE, RELEASE, runScript, type LockClient } from './scripts.js'

/** Options of a {@link Lock}; redis-py's `Lock` arguments, camelCased. Times are seconds. */
export interface LockOptions {
  /** Seconds the lock lives unless extended; `null`/`undefined`/`0` = no expiry (redis-py: falsy timeout). */
  timeout?: number | null
  /** Seconds between attempts while blocking. Default 0.1. */
  sleep?: number
  /** Whether `acquire()` waits for the lock. Default true. */
  blocking?: boolean
  /** Most seconds `acquire()` waits; `null`/`undefined` = forever, `0` = a single try. */
  blockingTimeout?: number | null
  /** Also bump a fencing counter on every acquire and expose it as {@link Lock.fencingToken}. Default false. */
  fencing?: boolean
  /** Turns whatever the client throws into a `CachexError` (the cache supplies its normaliser). */
  mapError?: (error: unknown) => unknown
}

/** Per-call options of {@link Lock.acquire}; they override the lock's own. */
export interface AcquireOptions {
  blocking?: boolean
  blockingTimeout?: number | null
  /** Cancels a blocking wait: `acquire()` then rejects with the signal's reason. */
  signal?: AbortSignal
  /** Use this token instead of a random one (redis-py's `token=`). */
  token?: string
}

function seconds(value: unknown, field: string, allowNull: boolean): number | null {
  if (value === undefined || (allowNull && value === null)) return null
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${field} must be a finite number of seconds >= 0, got ${inspect(value)}`, {
      context: { field },
    })
  }
  return value
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason as Error)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * A distributed lock on one Redis key with redis-py's semantics: a random token per acquisition,
 * atomic (Lua compare-and-set) release, extend and reacquire, and `await using` support.
 *
 * ```ts
 * await using lock = new Lock(redis, 'lock:report', { timeout: 10 })
 * if (await lock.acquire()) { ...exclusive work... } // released when the scope ends
 * ```
 */
export class Lock implements AsyncDisposable {
  /** The Redis key of the lock. */
  readonly key: string
  /** Lock lifetime in milliseconds, or `null` for no expiry. */
  readonly timeoutMs: number | null
  readonly #client: LockClient
  readonly #sleepMs: number
  readonly #blocking: boolean
  readonly #blockingTimeout: number | null
  readonly #fencing: boolean
  readonly #mapError: (error: unknown) => unknown
  #token: string | null = null
  #fence: number | undefined

  constructor(client: LockClient, key: string, options: LockOptions = {}) {
    const timeout = seconds(options.timeout ?? null, 'timeout', true)
    this.key = key
    this.timeoutMs = timeout ? Math.max(1, Math.round(timeout * 1000)) : null
    this.#client = client
    this.#sleepMs = (seconds(options.sleep, 'sleep', false) ?? 0.1) * 1000
    this.#blocking = options.blocking ?? true
    this.#blockingTimeout = seconds(options.blockingTimeout, 'blockingTimeout', true)
    this.#fencing = options.fencing ?? false
    this.#mapError = options.mapError ?? ((error) => error)
  }

  /** The token of the current acquisition, or `null` when this instance does not hold the lock. */
  get token(): string | null {
    return this.#token
  }

  /**
   * With `fencing: true`: the strictly increasing number handed out by the last successful `acquire()`.
   * Pass it with every write to the protected resource and let the resource reject numbers lower than
   * the highest it has seen: a holder that lost the lock (paused, expired) can then no longer write.
   */
  get fencingToken(): number | undefined {
    return this.#fence
  }

  /** Tries to take the lock; returns `true` once held, `false` when not blocking or `blockingTimeout` passed. */
  async acquire(options: AcquireOptions = {}): Promise<boolean> {
    const blocking = options.blocking ?? this.#blocking
    const blockingTimeout =
      options.blockingTimeout === undefined
        ? this.#blockingTimeout
        : seconds(options.blockingTimeout, 'blockingTimeout', true)
    const token = options.token ?? randomBytes(16).toString('hex')
    const deadline = blockingTimeout === null ? Infinity : Date.now() + blockingTimeout * 1000
    options.signal?.throwIfAborted()
    for (;;) {
      if (await this.#tryAcquire(token)) {
        this.#token = token
        return true
      }
      const remaining = deadline - Date.now()
      if (!blocking || remaining <= 0) return false
      await delay(Math.min(this.#sleepMs, remaining), options.signal)
    }
  }

  /** Releases the lock. `E_LOCK_NOT_HELD` if never acquired, `E_LOCK_NOT_OWNED` if it expired or changed hands. */
  async release(): Promise<void> {
    const token = this.#requireToken('release')
    const released = await this.#run(RELEASE, [token])
    this.#token = null // like redis-py: once the server answered, this instance no longer holds a token
    if (released !== 1) throw this.#notOwned('release')
  }

  /**
   * Adds `seconds` to the lock's remaining time, or with `replaceTtl` sets it to `seconds`.
   * `E_LOCK_NOT_OWNED` when the lock is no longer ours.
   */
  async extend(seconds_: number, options: { replaceTtl?: boolean } = {}): Promise<true> {
    const token = this.#requireToken('extend')
    if (this.timeoutMs === null) {
      throw new NotSupportedError('cannot extend a lock with no timeout', { context: { key: this.key } })
    }
    const ms = Math.round((seconds(seconds_, 'additionalTime', false) ?? 0) * 1000)
    const extended = await this.#run(EXTEND, [token, ms, options.replaceTtl ? '1' : '0'])
    if (extended !== 1) throw this.#notOwned('extend')
    return true
  }

  /** Resets the lock's TTL to its full `timeout`. `E_LOCK_NOT_OWNED` when the lock is no longer ours. */
  async reacquire(): Promise<true> {
    const token = this.#requireToken('reacquire')
    if (this.timeoutMs === null) {
      throw new NotSupportedError('cannot reacquire a lock with no timeout', { context: { key: this.key } })
    }
    const reacquired = await this.#run(REACQUIRE, [token, this.timeoutMs])
    if (reacquired !== 1) throw this.#notOwned('reacquire')
    return true
  }

  /** Whether anyone holds the lock. */
  async locked(): Promise<boolean> {
    return (await this.#call('EXISTS', this.key)) === 1
  }

  /** Whether this instance holds the lock (the key still carries its token). */
  async owned(): Promise<boolean> {
    if (this.#token === null) return false
    return (await this.#call('GET', this.key)) === this.#token
  }

  /** `await using`: releases the lock when the scope ends, if this instance holds it. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#token !== null) await this.release()
  }

  async #tryAcquire(token: string): Promise<boolean> {
    if (this.#fencing) {
      const fence = await this.#run(ACQUIRE_FENCED, [token, this.timeoutMs ?? 0], fenceKey(this.key))
      if (typeof fence !== 'number') return false
      this.#fence = fence
      return true
    }
    const args: (string | number)[] = [this.key, token, 'NX']
    if (this.timeoutMs !== null) args.push('PX', this.timeoutMs)
    return (await this.#call('SET', ...args)) === 'OK'
  }

  #requireToken(operation: string): string {
    if (this.#token === null) {
      throw new LockNotHeldError(`cannot ${operation} a lock that is not held`, {
        context: { key: this.key, operation },
      })
    }
    return this.#token
  }

  #notOwned(operation: string): LockNotOwnedError {
    return new LockNotOwnedError(`cannot ${operation} a lock that is no longer owned (it expired or changed hands)`, {
      context: { key: this.key, operation },
    })
  }

  async #run(script: typeof RELEASE, args: (string | number)[], extraKey?: string): Promise<unknown> {
    const keys = extraKey === undefined ? [this.key] : [this.key, extraKey]
    try {
      return await runScript(this.#client, script, keys, args)
    } catch (error) {
      throw this.#mapError(error)
    }
  }

  async #call(command: string, ...args: (string | number)[]): Promise<unknown> {
    try {
      return await this.#client.call(command, ...args)
    } catch (error) {
      throw this.#mapError(error)
    }
  }
}
