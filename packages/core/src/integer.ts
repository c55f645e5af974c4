import { NotAnIntegerError } from './errors.js'

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)
const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER)
const MINUS = 0x2d
const ZERO = 0x30
const NINE = 0x39

/** True when `value` is within `Number`'s safe integer range. */
export function isSafeBigInt(value: bigint): boolean {
  return value <= MAX_SAFE_BIGINT && value >= -MAX_SAFE_BIGINT
}

/**
 * The integer written as canonical decimal text in `bytes` (`0`, `-12`: no leading zeros, no `+`, no `-0`,
 * what Redis's `INCRBY` writes), as a `number`, or a `bigint` beyond the safe range; `undefined` for
 * anything else.
 */
export function parseDecimalInteger(bytes: Uint8Array): number | bigint | undefined {
  const length = bytes.length
  if (length === 0) return undefined
  const negative = bytes[0] === MINUS
  const start = negative ? 1 : 0
  if (start === length) return undefined
  const first = bytes[start]!
  if (first === ZERO) return length === 1 ? 0 : undefined
  if (first < ZERO || first > NINE) return undefined
  let result = 0
  for (let i = start; i < length; i++) {
    const c = bytes[i]!
    if (c < ZERO || c > NINE) return undefined
    result = result * 10 + (c - ZERO)
  }
  if (length - start <= 15) return negative ? -result : result
  const big = BigInt(Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1'))
  return isSafeBigInt(big) ? Number(big) : big
}

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
  return isSafeBigInt(sum) ? Number(sum) : sum
}
