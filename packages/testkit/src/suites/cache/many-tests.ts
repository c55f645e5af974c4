import { describe, expect, it } from 'vitest'
import { type CacheSuiteContext, expectCode } from '../cache-suite-context.js'

/** Django's get_many / set_many / delete_many / clear tests. */
export function manyTests(ctx: CacheSuiteContext): void {
  describe('getMany', () => {
    it('returns the found keys only', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 'a', c: 'c', d: 'd' })
      expect(await cache.getMany(['a', 'c', 'd'])).toEqual({ a: 'a', c: 'c', d: 'd' })
      expect(await cache.getMany(['a', 'b', 'e'])).toEqual({ a: 'a' })
    })

    it('returns {} for no keys', async () => {
      const cache = await ctx.cache()
      expect(await cache.getMany([])).toEqual({})
    })

    it('returns {} when nothing is found', async () => {
      const cache = await ctx.cache()
      expect(await cache.getMany(['x', 'y'])).toEqual({})
    })

    it('includes cached nulls and falsy values', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ n: null, z: 0, f: false, e: '' })
      expect(await cache.getMany(['n', 'z', 'f', 'e', 'missing'])).toEqual({ n: null, z: 0, f: false, e: '' })
    })

    it('accepts any iterable and repeated keys', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 1, b: 2 })
      expect(await cache.getMany(new Set(['a', 'b']))).toEqual({ a: 1, b: 2 })
      expect(await cache.getMany(['a', 'a', 'b'])).toEqual({ a: 1, b: 2 })
    })

    it('returns independent copies of each value', async () => {
      const cache = await ctx.cache()
      await cache.set('obj', { list: [1] })
      const first = await cache.getMany<{ list: number[] }>(['obj'])
      first.obj!.list.push(2)
      expect(await cache.getMany(['obj'])).toEqual({ obj: { list: [1] } })
    })
  })

  describe('setMany', () => {
    it('stores a plain object and reports no failures', async () => {
      const cache = await ctx.cache()
      expect(await cache.setMany({ key1: 'spam', key2: 'eggs' })).toEqual([])
      expect(await cache.get('key1')).toBe('spam')
      expect(await cache.get('key2')).toBe('eggs')
    })

    it('stores a Map', async () => {
      const cache = await ctx.cache()
      expect(
        await cache.setMany(
          new Map<string, unknown>([
            ['a', 1],
            ['b', { x: 'y' }],
          ]),
        ),
      ).toEqual([])
      expect(await cache.getMany(['a', 'b'])).toEqual({ a: 1, b: { x: 'y' } })
    })

    it('stores an iterable of entries', async () => {
      const cache = await ctx.cache()
      expect(
        await cache.setMany([
          ['a', 1],
          ['b', 2],
        ]),
      ).toEqual([])
      function* entries(): Generator<[string, number]> {
        yield ['c', 3]
      }
      expect(await cache.setMany(entries())).toEqual([])
      expect(await cache.getMany(['a', 'b', 'c'])).toEqual({ a: 1, b: 2, c: 3 })
    })

    it('accepts an empty mapping', async () => {
      const cache = await ctx.cache()
      expect(await cache.setMany({})).toEqual([])
      expect(await cache.setMany(new Map())).toEqual([])
    })

    it('overwrites existing values', async () => {
      const cache = await ctx.cache()
      await cache.set('a', 'old')
      await cache.setMany({ a: 'new' })
      expect(await cache.get('a')).toBe('new')
    })

    it('writes nothing when one value cannot be serialized', async () => {
      const cache = await ctx.cache()
      await cache.set('keep', 'old')
      await expectCode(cache.setMany({ keep: 'new', fresh: 1, bad: () => 1 }), 'E_SERIALIZATION')
      expect(await cache.get('keep')).toBe('old')
      expect(await cache.hasKey('fresh')).toBe(false)
    })

    it('applies its timeout to every key', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 1, b: 2 }, 0.1)
      await cache.set('long', 3, 60)
      await ctx.elapse(0.3)
      expect(await cache.getMany(['a', 'b', 'long'])).toEqual({ long: 3 })
    })
  })

  describe('deleteMany', () => {
    it('deletes the keys and counts those that existed', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ key1: 'spam', key2: 'eggs', key3: 'ham' })
      expect(await cache.deleteMany(['key1', 'key2', 'missing'])).toBe(2)
      expect(await cache.hasKey('key1')).toBe(false)
      expect(await cache.hasKey('key2')).toBe(false)
      expect(await cache.get('key3')).toBe('ham')
    })

    it('returns 0 for no keys or only missing keys', async () => {
      const cache = await ctx.cache()
      expect(await cache.deleteMany([])).toBe(0)
      expect(await cache.deleteMany(['x', 'y'])).toBe(0)
    })

    it('counts a repeated key once', async () => {
      const cache = await ctx.cache()
      await cache.set('a', 1)
      expect(await cache.deleteMany(['a', 'a'])).toBe(1)
    })
  })

  describe('clear', () => {
    it("removes every key of this cache's prefix", async () => {
      const cache = await ctx.cache()
      await cache.setMany({ key1: 'spam', key2: 'eggs' })
      await cache.set('v2', 'x', undefined, { version: 2 })
      await cache.clear()
      expect(await cache.getMany(['key1', 'key2'])).toEqual({})
      expect(await cache.hasKey('v2', { version: 2 })).toBe(false)
    })

    it('with a version removes only that version', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1)
      await cache.set('k', 2, undefined, { version: 2 })
      await cache.clear({ version: 2 })
      expect(await cache.get('k')).toBe(1)
      expect(await cache.hasKey('k', { version: 2 })).toBe(false)
    })

    it('leaves other prefixes alone', async () => {
      const mine = await ctx.cache()
      const other = await ctx.cache()
      await mine.set('k', 1)
      await other.set('k', 2)
      await mine.clear()
      expect(await other.get('k')).toBe(2)
    })

    it('resolves on an empty cache', async () => {
      const cache = await ctx.cache()
      await expect(cache.clear()).resolves.toBeUndefined()
    })

    it.runIf(ctx.capabilities.isolatedStore)('without a prefix removes everything, like Django', async () => {
      const bare = await ctx.cache({ keyPrefix: '' })
      const prefixed = await ctx.cache()
      await bare.set('k', 1)
      await prefixed.set('k', 2)
      await bare.clear()
      expect(await bare.hasKey('k')).toBe(false)
      expect(await prefixed.hasKey('k')).toBe(false)
    })
  })
}
