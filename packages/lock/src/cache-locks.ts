import type { VersionOptions } from '@cachex-js/core'
import { normalizeError, type RedisCache } from '@cachex-js/redis-client'
import { Lock, type LockOptions } from './lock.js'
import type { LockClient } from './scripts.js'
import { withLock, type WithLockOptions } from './with-lock.js'

/**
 * Seconds a `withLock` lock lives between extensions when no `timeout` is given: short enough that a crashed
 * holder frees it soon, long enough that two missed extensions (every third of it) are survivable.
 */
export const DEFAULT_WITH_LOCK_TIMEOUT = 10

/** Options of `cache.lock(key, options)`: the {@link Lock} options plus the key's `version`. */
export type CacheLockOptions = Omit<LockOptions, 'mapError'> & VersionOptions

/** The lock methods a cache gains from {@link lockMethods} / {@link withLocks}. */
export interface LockMethods {
  /**
   * A {@link Lock} on `key`, made with the cache's key function and version, on its primary.
   * Lock operations never fall under `ignoreExceptions`: a lock that silently failed would not exclude anyone.
   */
  lock(key: string, options?: CacheLockOptions): Lock
  /**
   * Runs `fn` under the lock on `key`, extending it while `fn` runs (see {@link withLock}). Without a
   * `timeout` the lock lives {@link DEFAULT_WITH_LOCK_TIMEOUT} seconds between extensions.
   */
  withLock<T>(
    key: string,
    fn: (signal: AbortSignal) => T | PromiseLike<T>,
    options?: CacheLockOptions & WithLockOptions,
  ): Promise<T>
}

/** Builds the lock methods of `cache`, for composing them onto a cache object of your own. */
export function lockMethods(cache: RedisCache): LockMethods {
  const lock = (key: string, options: CacheLockOptions = {}): Lock => {
    const { version, ...lockOptions } = options
    const fullKey = cache.makeKey(key, version)
    const context = { operation: 'lock', key }
    const { runner, topology } = cache.context
    // Through the cache's runner: it waits for the connection, bounds each call by socketTimeout and
    // normalises errors (ignoreExceptions is the runner's `guard`, deliberately not used here).
    const client: LockClient = {
      call: (command, ...args) =>
        runner.send(topology.writer(), (c) => runner.dispatch(c, command, args, 'text'), context, undefined, true),
    }
    return new Lock(client, fullKey, {
      ...lockOptions,
      mapError: (error) => normalizeError(error, context),
    })
  }
  return {
    lock,
    withLock: (key, fn, options = {}) => {
      const { blockingTimeout, signal, extendFraction, ...lockOptions } = options
      const timeout = lockOptions.timeout === undefined ? DEFAULT_WITH_LOCK_TIMEOUT : lockOptions.timeout
      return withLock(lock(key, { ...lockOptions, timeout }), fn, {
        ...(blockingTimeout !== undefined && { blockingTimeout }),
        ...(signal && { signal }),
        ...(extendFraction !== undefined && { extendFraction }),
      })
    },
  }
}

/** Returns `cache` with `lock()` and `withLock()` added (the same object, augmented). */
export function withLocks<C extends RedisCache>(cache: C): C & LockMethods {
  return Object.assign(cache, lockMethods(cache))
}
