/**
 * The errors structure commands add to the cache's normaliser: the one place where a Redis reply
 * the cache reports as a generic server error gets the code it deserves for these commands.
 */
import {
  KeyNotFoundError,
  NotAnIntegerError,
  NotSupportedError,
  isCachexError,
  type CachexError,
  type ErrorContext,
} from '@cachex-js/core'
import { isReplyError } from '@cachex-js/redis-client'

/** Replies saying that a value or an increment is not a usable number (HINCRBYFLOAT, ZINCRBY, ZADD INCR). */
const NOT_A_NUMBER = /not a (?:valid )?float|not a number|NaN or Infinity/i
/** LSET past the end of the list. */
const OUT_OF_RANGE = /index out of range/i

/**
 * Refines what the cache's normaliser made of an error reply (an unclassified reply becomes
 * `E_CONNECTION`, which `ignoreExceptions` would swallow):
 * - a value or result that is not a number (`HINCRBYFLOAT` on text, `inf - inf`) -> `E_NOT_AN_INTEGER`;
 * - `LSET` past the end -> `E_KEY_NOT_FOUND` (no element at that index, as a missing list is);
 * - `CROSSSLOT` -> `E_NOT_SUPPORTED`.
 * Everything else passes through unchanged.
 */
export function refineError(error: unknown, context: ErrorContext): unknown {
  if (!isCachexError(error, 'E_CONNECTION') || !isReplyError(error.cause)) return error
  const cause = error.cause
  if (NOT_A_NUMBER.test(cause.message)) {
    return new NotAnIntegerError('the stored value (or the result) is not a valid number', { cause, context })
  }
  if (OUT_OF_RANGE.test(cause.message)) {
    return new KeyNotFoundError('index out of range: the list has no element there', { cause, context })
  }
  if (cause.message.startsWith('CROSSSLOT')) return crossSlotError(context, cause)
  return error
}

/** `E_NOT_SUPPORTED` for a multi-key command whose keys live in different cluster slots. */
export function crossSlotError(context: ErrorContext, cause?: unknown): CachexError {
  return new NotSupportedError(
    `${context.operation ?? 'this command'}: the keys hash to different cluster slots; put them in one slot ` +
      `with a hash tag (e.g. '{user:1}:friends' and '{user:1}:follows')`,
    { cause, context },
  )
}
