/** HINCRBY with an exact result, and the validation of its increment. */
import { NotAnIntegerError } from '@cachex-js/core'
import { createHash } from 'node:crypto'
import { describe } from './describe.js'
import type { LuaScript } from './structure-runner.js'

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)

function script(name: string, numberOfKeys: number, source: string): LuaScript {
  return { name, source, numberOfKeys, sha: createHash('sha1').update(source).digest('hex') }
}

/**
 * HINCRBY, then the field re-read as text: Lua numbers are doubles, so returning HINCRBY's own reply
 * from a script would round results beyond 2^53, while the stored decimal text is exact.
 * KEYS[1] = the hash, ARGV[1] = the field, ARGV[2] = the increment.
 */
export const HINCRBY_EXACT = script(
  'structuresHincrby',
  1,
  `redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HGET', KEYS[1], ARGV[1])`,
)

/** The decimal text of an increment: a safe integer or a 64-bit `bigint`; anything else is `E_NOT_AN_INTEGER`. */
export function incrementArg(amount: unknown, key: string): string {
  const valid =
    (typeof amount === 'number' && Number.isSafeInteger(amount)) ||
    (typeof amount === 'bigint' && amount >= INT64_MIN && amount <= INT64_MAX)
  if (!valid) {
    throw new NotAnIntegerError(`the increment must be an integer, got ${describe(amount)}`, {
      context: { key, operation: 'hincrby' },
    })
  }
  return String(amount)
}
