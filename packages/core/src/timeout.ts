import type { Timeout } from './cache.js'
import { describeValue } from './describe-value.js'
import { ConfigError } from './errors.js'

/**
 * What a timeout means for a write, decided in one place for every backend (CONTRACT section 3):
 * - `persist`: keep the value with no expiry (`null`);
 * - `expire`: keep it for `ms` milliseconds (>= 1);
 * - `delete`: do not keep it (a timeout `<= 0`).
 */
export type Expiry = { kind: 'persist' } | { kind: 'expire'; ms: number } | { kind: 'delete' }

/** The longest expiry cachex sets, in ms (about 35,700 years): longer finite timeouts are clamped to it. */
export const MAX_EXPIRY_MS = 2 ** 50

const PERSIST: Expiry = Object.freeze({ kind: 'persist' })
const DELETE: Expiry = Object.freeze({ kind: 'delete' })

/**
 * Resolves a method's timeout against the cache default into an {@link Expiry}.
 *
 * `undefined` takes `defaultTimeout`; `null` and `Infinity` never expire; `<= 0` (and `-Infinity`) deletes;
 * positive seconds become whole milliseconds (at least 1). Anything else (`NaN`, strings, bigint)
 * is rejected with `E_CONFIG` (`context.field = 'timeout'`), before anything is written.
 */
export function resolveExpiry(timeout: Timeout, defaultTimeout: number | null): Expiry {
  const seconds = timeout === undefined ? defaultTimeout : timeout
  if (seconds === null) return PERSIST
  assertTimeout(seconds)
  if (seconds <= 0) return DELETE
  if (seconds === Infinity) return PERSIST
  return { kind: 'expire', ms: secondsToMs(seconds) }
}

/** Milliseconds (>= 1, at most {@link MAX_EXPIRY_MS}) for a positive number of seconds. */
export function secondsToMs(seconds: number): number {
  return Math.min(MAX_EXPIRY_MS, Math.max(1, Math.round(seconds * 1000)))
}

/** Throws `E_CONFIG` unless `value` is a valid timeout: `null`, or a number that is not NaN. */
export function assertTimeout(value: unknown, field = 'timeout'): asserts value is number | null {
  if (value === null) return
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ConfigError(`${field} must be a number of seconds or null, got ${describeValue(value)}`, {
      context: { field },
    })
  }
}
