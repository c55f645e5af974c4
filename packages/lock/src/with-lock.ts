import { LockNotHeldError, LockNotOwnedError, isCachexError } from '@cachex-js/core'
import type { AcquireOptions, Lock } from './lock.js'

/** Options of {@link withLock}. */
export interface WithLockOptions extends Pick<AcquireOptions, 'blockingTimeout' | 'signal'> {
  /**
   * Fraction of the lock's timeout after which it is extended back to the full timeout while `fn` runs.
   * Default 1/3: two extensions may fail (network blips) before the lock can expire.
   */
  extendFraction?: number
}

/**
 * Runs `fn` while holding `lock`: acquires it (waiting up to `blockingTimeout`), keeps resetting its TTL every
 * `extendFraction` of the timeout while `fn` runs, and always releases it afterwards.
 *
 * `fn` receives an `AbortSignal` that aborts, with an `E_LOCK_NOT_OWNED` reason, as soon as the lock is
 * known to be lost (an extension found another token or failed). `withLock` then rejects with that error
 * even if `fn` resolved, because `fn` did not run under mutual exclusion the whole time.
 *
 * Rejects with `E_LOCK_NOT_HELD` when the lock could not be acquired within `blockingTimeout`.
 */
export async function withLock<T>(
  lock: Lock,
  fn: (signal: AbortSignal) => T | PromiseLike<T>,
  options: WithLockOptions = {},
): Promise<T> {
  const acquired = await lock.acquire({
    blocking: true,
    ...(options.blockingTimeout !== undefined && { blockingTimeout: options.blockingTimeout }),
    ...(options.signal && { signal: options.signal }),
  })
  if (!acquired) {
    throw new LockNotHeldError('could not acquire the lock within blockingTimeout', {
      context: { key: lock.key, operation: 'withLock' },
    })
  }

  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const lose = (cause: unknown): void => {
    const reason = isCachexError(cause, 'E_LOCK_NOT_OWNED')
      ? cause
      : new LockNotOwnedError('the lock could not be extended and may have expired', {
          cause,
          context: { key: lock.key, operation: 'withLock' },
        })
    controller.abort(reason)
  }
  if (lock.timeoutMs !== null) {
    const every = Math.max(1, lock.timeoutMs * (options.extendFraction ?? 1 / 3))
    const tick = (): void => {
      lock.reacquire().then(() => {
        if (!controller.signal.aborted) timer = setTimeout(tick, every)
      }, lose)
    }
    timer = setTimeout(tick, every)
  }

  let result: T
  try {
    result = await fn(controller.signal)
  } finally {
    clearTimeout(timer)
    if (!controller.signal.aborted) {
      await lock.release().catch(lose)
    }
  }
  if (controller.signal.aborted) throw controller.signal.reason as Error
  return result
}
