import { describe, expect, it } from 'vitest'
import { type CacheSuiteContext, expectCode } from '../cache-suite-context.js'

/**
 * Django's expiration / touch / timeout tests (section 3). Short timeouts are only ever asserted *gone*
 * after waiting well past them; anything asserted *present* has a timeout far longer than the test.
 */
export function expiryTests(ctx: CacheSuiteContext): void {
  describe('expiration', () => {
    it('expires values after their timeout (Django test_expiration)', async () => {
      const cache = await ctx.cache()
      await cache.set('expire1', 'very quickly', 0.1)
      await cache.set('expire2', 'very quickly', 0.1)
      await cache.set('expire3', 'very quickly', 0.1)
      await cache.set('stays', 'a while', 60)
      await ctx.elapse(0.3)
      expect(await cache.get('expire1')).toBeUndefined()
      expect(await cache.add('expire2', 'newvalue')).toBe(true)
      expect(await cache.get('expire2')).toBe('newvalue')
      expect(await cache.hasKey('expire3')).toBe(false)
      expect(await cache.get('stays')).toBe('a while')
    })

    it('treats an expired key as missing everywhere', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 1, b: 2 }, 0.1)
      await ctx.elapse(0.3)
      expect(await cache.get('a', 'default')).toBe('default')
      expect(await cache.getMany(['a', 'b'])).toEqual({})
      expect(await cache.delete('a')).toBe(false)
      expect(await cache.deleteMany(['a', 'b'])).toBe(0)
      expect(await cache.touch('a', 60)).toBe(false)
      await expectCode(cache.incr('a'), 'E_KEY_NOT_FOUND')
      await expectCode(cache.incrVersion('b'), 'E_KEY_NOT_FOUND')
    })

    it('uses the cache default timeout when none is given', async () => {
      const cache = await ctx.cache({ timeout: 0.1 })
      await cache.set('k', 1)
      await cache.add('a', 1)
      await cache.setMany({ m: 1 })
      await ctx.elapse(0.3)
      expect(await cache.getMany(['k', 'a', 'm'])).toEqual({})
    })

    it('a default timeout of null never expires', async () => {
      const cache = await ctx.cache({ timeout: null })
      await cache.set('k', 1)
      expect(cache.defaultTimeout).toBeNull()
      if (ctx.capabilities.extensions) expect(await cache.ttl('k')).toBeNull()
      await ctx.elapse(0.2)
      expect(await cache.get('k')).toBe(1)
    })

    it('an explicit timeout overrides the default', async () => {
      const cache = await ctx.cache({ timeout: 0.1 })
      await cache.set('k', 1, 60)
      await cache.set('forever', 1, null)
      await ctx.elapse(0.3)
      expect(await cache.get('k')).toBe(1)
      expect(await cache.get('forever')).toBe(1)
    })
  })

  describe('timeouts', () => {
    it('null means never expire (Django test_forever_timeout)', async () => {
      const cache = await ctx.cache()
      await cache.set('key1', 'eggs', null)
      expect(await cache.get('key1')).toBe('eggs')
      expect(await cache.add('key2', 'ham', null)).toBe(true)
      expect(await cache.get('key2')).toBe('ham')
      expect(await cache.add('key1', 'new eggs', null)).toBe(false)
      expect(await cache.get('key1')).toBe('eggs')
      await cache.setMany({ key3: 'sausage', key4: 'lobster bisque' }, null)
      expect(await cache.getMany(['key3', 'key4'])).toEqual({ key3: 'sausage', key4: 'lobster bisque' })
      await cache.set('key5', 'belgian fries', 60)
      expect(await cache.touch('key5', null)).toBe(true)
      if (ctx.capabilities.extensions) expect(await cache.ttl('key5')).toBeNull()
      expect(await cache.get('key5')).toBe('belgian fries')
    })

    it('0 means the value is not kept (Django test_zero_timeout)', async () => {
      const cache = await ctx.cache()
      await cache.set('key1', 'eggs', 0)
      expect(await cache.get('key1')).toBeUndefined()
      expect(await cache.add('key2', 'ham', 0)).toBe(true)
      expect(await cache.get('key2')).toBeUndefined()
      await cache.setMany({ key3: 'sausage', key4: 'lobster bisque' }, 0)
      expect(await cache.getMany(['key3', 'key4'])).toEqual({})
      await cache.set('key5', 'belgian fries', 60)
      expect(await cache.touch('key5', 0)).toBe(true)
      expect(await cache.get('key5')).toBeUndefined()
    })

    it('set with a timeout <= 0 deletes an existing value', async () => {
      const cache = await ctx.cache()
      await cache.set('a', 1)
      await cache.set('b', 1)
      expect(await cache.set('a', 2, 0)).toBe(true)
      expect(await cache.set('b', 2, -1)).toBe(true)
      expect(await cache.hasKey('a')).toBe(false)
      expect(await cache.hasKey('b')).toBe(false)
    })

    it('add with a timeout <= 0 keeps an existing value and reports false', async () => {
      const cache = await ctx.cache()
      await cache.set('a', 'old')
      expect(await cache.add('a', 'new', 0)).toBe(false)
      expect(await cache.get('a')).toBe('old')
    })

    it('set xx with a timeout <= 0 on a missing key writes nothing and reports false', async () => {
      const cache = await ctx.cache()
      expect(await cache.set('a', 1, 0, { xx: true })).toBe(false)
      expect(await cache.hasKey('a')).toBe(false)
    })

    it('negative timeouts behave like 0', async () => {
      const cache = await ctx.cache()
      expect(await cache.add('a', 1, -5)).toBe(true)
      await cache.setMany({ b: 1 }, -0.5)
      expect(await cache.getMany(['a', 'b'])).toEqual({})
    })

    it('accepts float timeouts with millisecond precision (Django test_float_timeout)', async () => {
      const cache = await ctx.cache()
      await cache.set('key1', 'spam', 100.2)
      expect(await cache.get('key1')).toBe('spam')
      await cache.set('short', 'x', 0.15)
      if (ctx.capabilities.extensions) {
        const left = await cache.pttl('key1')
        expect(left).toBeGreaterThan(99_000)
        expect(left).toBeLessThanOrEqual(100_200)
      }
      await ctx.elapse(0.4)
      expect(await cache.hasKey('short')).toBe(false)
      expect(await cache.get('key1')).toBe('spam')
    })

    it('keeps timeouts over 30 days relative (Django test_long_timeout)', async () => {
      const cache = await ctx.cache()
      const thirtyDaysPlusOne = 60 * 60 * 24 * 30 + 1
      await cache.set('key1', 'eggs', thirtyDaysPlusOne)
      expect(await cache.get('key1')).toBe('eggs')
      expect(await cache.add('key2', 'ham', thirtyDaysPlusOne)).toBe(true)
      expect(await cache.get('key2')).toBe('ham')
      await cache.setMany({ key3: 'sausage', key4: 'lobster bisque' }, thirtyDaysPlusOne)
      expect(await cache.getMany(['key3', 'key4'])).toEqual({ key3: 'sausage', key4: 'lobster bisque' })
      if (ctx.capabilities.extensions) {
        const ttl = (await cache.ttl('key1'))!
        expect(ttl).toBeGreaterThan(thirtyDaysPlusOne - 5)
        expect(ttl).toBeLessThanOrEqual(thirtyDaysPlusOne)
      }
    })

    it('accepts very long timeouts', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, 60 * 60 * 24 * 365 * 100)
      expect(await cache.get('k')).toBe(1)
    })

    const invalid: [string, unknown][] = [
      ['NaN', Number.NaN],
      ['a string', '5'],
      ['a bigint', 5n],
      ['an object', {}],
    ]
    it.each(invalid)('rejects %s as a timeout with E_CONFIG and writes nothing', async (_label, timeout) => {
      const cache = await ctx.cache()
      await expectCode(cache.set('k', 1, timeout as never), 'E_CONFIG')
      await expectCode(cache.add('k', 1, timeout as never), 'E_CONFIG')
      await expectCode(cache.setMany({ k: 1 }, timeout as never), 'E_CONFIG')
      expect(await cache.hasKey('k')).toBe(false)
    })
  })

  describe('touch', () => {
    it('gives a key a new timeout (Django test_touch)', async () => {
      const cache = await ctx.cache()
      await cache.set('expire1', 'very quickly', 1)
      expect(await cache.touch('expire1', 60)).toBe(true)
      await cache.set('expire2', 'very quickly', 60)
      expect(await cache.touch('expire2', 0.1)).toBe(true)
      await ctx.elapse(1.5)
      expect(await cache.get('expire1')).toBe('very quickly')
      expect(await cache.hasKey('expire2')).toBe(false)
    })

    it('reports false for a missing key and creates nothing', async () => {
      const cache = await ctx.cache()
      expect(await cache.touch('nonexistent')).toBe(false)
      expect(await cache.hasKey('nonexistent')).toBe(false)
    })

    it('uses the cache default without a timeout', async () => {
      const cache = await ctx.cache({ timeout: 0.1 })
      await cache.set('k', 1, null)
      expect(await cache.touch('k')).toBe(true)
      await ctx.elapse(0.3)
      expect(await cache.hasKey('k')).toBe(false)
    })

    it('does not change the value', async () => {
      const cache = await ctx.cache()
      await cache.set('k', { v: 1 }, 60)
      await cache.touch('k', 120)
      expect(await cache.get('k')).toEqual({ v: 1 })
    })
  })
}
