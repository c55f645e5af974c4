/**
 * The one error structure commands raise themselves: a multi-key command refused before it is sent, because
 * its keys hash to different cluster slots. Error replies are classified by the cache's normaliser
 * (`E_NOT_AN_INTEGER` for float errors, `E_KEY_NOT_FOUND` for LSET out of range, `E_NOT_SUPPORTED` for CROSSSLOT).
 */
import { NotSupportedError, type CachexError, type ErrorContext } from '@cachex-js/core'

/** `E_NOT_SUPPORTED` for a multi-key command whose keys live in different cluster slots. */
export function crossSlotError(context: ErrorContext, cause?: unknown): CachexError {
  return new NotSupportedError(
    `${context.operation ?? 'this command'}: the keys hash to different cluster slots; put them in one slot ` +
      `with a hash tag (e.g. '{user:1}:friends' and '{user:1}:follows')`,
    { cause, context },
  )
}
