import { NotAnIntegerError } from './errors.js'

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)

/**
 * `current + delta` with Redis `INCRBY` rules: both must be integers (a `number` delta a safe integer),
 * the result must fit in a signed 64-bit integer; anything else is `E_NOT_AN_INTEGER`.
 * The result is a `number` when safe, else a `bigint`.
 */
export function addToInteger(current: number | bigint, delta: number | bigint, key?: string): number | bigint {
  if (typeof delta === 'number' && !Number.isSafeInteger(delta)) {
    throw new NotAnIntegerError(`delta must be an integer, got ${delta}`, { context: { key, operation: 'incr' } })
  }
  if (typeof delta !== 'number' && typeof delta !== 'bigint') {
    throw new NotAnIntegerError('delta must be an integer', { context: { key, operation: 'incr' } })
  }
  if (typeof current === 'number' && typeof delta === 'number') {
    const sum = current + delta
    if (Number.isSafeInteger(sum)) return sum
  }
  const big = BigInt(current)
  const sum = big + BigInt(delta)
  if (big > INT64_MAX || big < INT64_MIN || sum > INT64_MAX || sum < INT64_MIN) {
    throw new NotAnIntegerError('increment or decrement would overflow a 64-bit integer', {
      context: { key, operation: 'incr' },
    })
  }
  return sum >= -BigInt(Number.MAX_SAFE_INTEGER) && sum <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(sum) : sum
}
