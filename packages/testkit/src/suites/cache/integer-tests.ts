import { describe, expect, it } from 'vitest'
import { type CacheSuiteContext, expectCode } from '../cache-suite-context.js'

/** Django's incr / decr tests, plus the integer storage rules of section 4. */
export function integerTests(ctx: CacheSuiteContext): void {
  describe('incr / decr', () => {
    it('increments and decrements (Django test_incr / test_decr)', async () => {
      const cache = await ctx.cache()
      await cache.set('answer', 41)
      expect(await cache.incr('answer')).toBe(42)
      expect(await cache.get('answer')).toBe(42)
      expect(await cache.incr('answer', 10)).toBe(52)
      expect(await cache.get('answer')).toBe(52)
      expect(await cache.incr('answer', -10)).toBe(42)
      expect(await cache.decr('answer')).toBe(41)
      expect(await cache.decr('answer', 10)).toBe(31)
      expect(await cache.decr('answer', -10)).toBe(41)
    })

    it('goes below zero', async () => {
      const cache = await ctx.cache()
      await cache.set('n', 0)
      expect(await cache.decr('n', 5)).toBe(-5)
      expect(await cache.get('n')).toBe(-5)
    })

    it('treats a delta of 0 as a read', async () => {
      const cache = await ctx.cache()
      await cache.set('n', 7)
      expect(await cache.incr('n', 0)).toBe(7)
    })

    it('rejects a missing key with E_KEY_NOT_FOUND', async () => {
      const cache = await ctx.cache()
      await expectCode(cache.incr('does_not_exist'), 'E_KEY_NOT_FOUND')
      await expectCode(cache.decr('does_not_exist'), 'E_KEY_NOT_FOUND')
      expect(await cache.hasKey('does_not_exist')).toBe(false)
    })

    const nonIntegers: [string, unknown][] = [
      ['a numeric string', '1'],
      ['a float', 1.5],
      ['an object', { n: 1 }],
      ['a boolean', true],
      ['null', null],
      ['a text', 'abc'],
    ]
    it.each(nonIntegers)('rejects %s value with E_NOT_AN_INTEGER and leaves it alone', async (_label, value) => {
      const cache = await ctx.cache()
      await cache.set('k', value)
      await expectCode(cache.incr('k'), 'E_NOT_AN_INTEGER')
      expect(await cache.get('k')).toStrictEqual(value)
    })

    it('rejects a non-integer delta with E_NOT_AN_INTEGER', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1)
      await expectCode(cache.incr('k', 1.5), 'E_NOT_AN_INTEGER')
      await expectCode(cache.incr('k', Number.NaN), 'E_NOT_AN_INTEGER')
      expect(await cache.get('k')).toBe(1)
    })

    it('is atomic under concurrent callers', async () => {
      const cache = await ctx.cache()
      await cache.set('counter', 0)
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.incr('counter')))
      expect(new Set(results).size).toBe(50)
      expect(await cache.get('counter')).toBe(50)
    })

    it('works on integers written by incr on a key set by add/setMany', async () => {
      const cache = await ctx.cache()
      await cache.add('a', 1)
      await cache.setMany({ b: 2 })
      expect(await cache.incr('a')).toBe(2)
      expect(await cache.incr('b')).toBe(3)
    })

    it('goes beyond 2^53 exactly with a bigint delta', async () => {
      const cache = await ctx.cache()
      await cache.set('big', Number.MAX_SAFE_INTEGER)
      expect(await cache.incr('big', 2n)).toBe(9007199254740993n)
      expect(await cache.get('big')).toBe(9007199254740993n)
      expect(await cache.decr('big', 2n)).toBe(9007199254740991n)
      expect(await cache.get('big')).toBe(Number.MAX_SAFE_INTEGER)
    })

    it('increments a stored bigint beyond 2^53', async () => {
      const cache = await ctx.cache()
      await cache.set('big', 2n ** 60n)
      expect(await cache.incr('big', 1n)).toBe(2n ** 60n + 1n)
      expect(await cache.get('big')).toBe(2n ** 60n + 1n)
    })

    it('rejects overflowing 64 bits with E_NOT_AN_INTEGER', async () => {
      const cache = await ctx.cache()
      await cache.set('max', 2n ** 63n - 1n)
      await expectCode(cache.incr('max'), 'E_NOT_AN_INTEGER')
      expect(await cache.get('max')).toBe(2n ** 63n - 1n)
    })
  })

  describe('integer storage', () => {
    it('keeps integers as numbers and numeric strings as strings', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ int: 1, str: '1', neg: -42, zero: 0 })
      expect(await cache.getMany(['int', 'str', 'neg', 'zero'])).toStrictEqual({ int: 1, str: '1', neg: -42, zero: 0 })
    })

    it('round-trips the safe integer limits', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ max: Number.MAX_SAFE_INTEGER, min: Number.MIN_SAFE_INTEGER })
      expect(await cache.get('max')).toBe(Number.MAX_SAFE_INTEGER)
      expect(await cache.get('min')).toBe(Number.MIN_SAFE_INTEGER)
    })

    it('round-trips bigints beyond 2^53 exactly', async () => {
      const cache = await ctx.cache()
      for (const value of [2n ** 53n, -(2n ** 53n) - 5n, 2n ** 63n - 1n, 10n ** 40n]) {
        await cache.set('big', value)
        expect(await cache.get('big')).toBe(value)
      }
    })

    it('keeps floats as floats', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ half: 0.5, pi: Math.PI, neg: -1.25, tiny: 5e-324 })
      expect(await cache.getMany(['half', 'pi', 'neg', 'tiny'])).toEqual({
        half: 0.5,
        pi: Math.PI,
        neg: -1.25,
        tiny: 5e-324,
      })
    })

    it('keeps decimal-looking strings as strings', async () => {
      const cache = await ctx.cache()
      for (const value of ['007', '-0', '+1', '1e3', ' 1', '12345678901234567890']) {
        await cache.set('s', value)
        expect(await cache.get('s')).toBe(value)
      }
    })
  })
}
