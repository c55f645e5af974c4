import { describe, expect, it } from 'vitest'
import { type CacheSuiteContext, expectCode, expectRejection } from '../cache-suite-context.js'

/** Django's simple / add / non-existent / delete / has_key / prefix tests, and `set` options. */
export function basicTests(ctx: CacheSuiteContext): void {
  describe('get / set', () => {
    it('stores and returns a value (simple)', async () => {
      const cache = await ctx.cache()
      expect(await cache.set('key', 'value')).toBe(true)
      expect(await cache.get('key')).toBe('value')
    })

    it('returns undefined for a missing key (non-existent)', async () => {
      const cache = await ctx.cache()
      expect(await cache.get('does-not-exist')).toBeUndefined()
      expect(await cache.hasKey('does-not-exist')).toBe(false)
    })

    it('returns the default for a missing key', async () => {
      const cache = await ctx.cache()
      expect(await cache.get('missing', 'fallback')).toBe('fallback')
      expect(await cache.get('missing', { a: 1 })).toEqual({ a: 1 })
    })

    it('returns falsy defaults as given', async () => {
      const cache = await ctx.cache()
      expect(await cache.get('missing', 0)).toBe(0)
      expect(await cache.get('missing', '')).toBe('')
      expect(await cache.get('missing', false)).toBe(false)
      expect(await cache.get('missing', null)).toBeNull()
    })

    it('returns a cached null as null, not the default', async () => {
      const cache = await ctx.cache()
      await cache.set('nothing', null)
      expect(await cache.get('nothing', 'default')).toBeNull()
      expect(await cache.get('nothing')).toBeNull()
    })

    it('returns cached falsy values, not the default', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ zero: 0, empty: '', no: false })
      expect(await cache.get('zero', 1)).toBe(0)
      expect(await cache.get('empty', 'x')).toBe('')
      expect(await cache.get('no', true)).toBe(false)
    })

    it('overwrites an existing value', async () => {
      const cache = await ctx.cache()
      await cache.set('key', 'first')
      expect(await cache.set('key', 'second')).toBe(true)
      expect(await cache.get('key')).toBe('second')
    })

    it('set nx writes only when the key is absent', async () => {
      const cache = await ctx.cache()
      expect(await cache.set('key', 'first', undefined, { nx: true })).toBe(true)
      expect(await cache.set('key', 'second', undefined, { nx: true })).toBe(false)
      expect(await cache.get('key')).toBe('first')
    })

    it('set xx writes only when the key exists', async () => {
      const cache = await ctx.cache()
      expect(await cache.set('key', 'first', undefined, { xx: true })).toBe(false)
      expect(await cache.hasKey('key')).toBe(false)
      await cache.set('key', 'first')
      expect(await cache.set('key', 'second', undefined, { xx: true })).toBe(true)
      expect(await cache.get('key')).toBe('second')
    })

    it('set with nx and xx together is rejected', async () => {
      const cache = await ctx.cache()
      await expectCode(cache.set('key', 1, undefined, { nx: true, xx: true }), 'E_CONFIG')
      expect(await cache.hasKey('key')).toBe(false)
    })

    it('set get:true returns the previous value and writes', async () => {
      const cache = await ctx.cache()
      expect(await cache.set('key', 'first', undefined, { get: true })).toBeUndefined()
      expect(await cache.set('key', 'second', undefined, { get: true })).toBe('first')
      expect(await cache.get('key')).toBe('second')
    })

    it('set get:true with nx returns the previous value without writing', async () => {
      const cache = await ctx.cache()
      await cache.set('key', { n: 1 })
      expect(await cache.set('key', { n: 2 }, undefined, { get: true, nx: true })).toEqual({ n: 1 })
      expect(await cache.get('key')).toEqual({ n: 1 })
    })
  })

  describe('add', () => {
    it('stores when the key is absent and never overwrites', async () => {
      const cache = await ctx.cache()
      expect(await cache.add('addkey1', 'value')).toBe(true)
      expect(await cache.add('addkey1', 'newvalue')).toBe(false)
      expect(await cache.get('addkey1')).toBe('value')
    })

    it('adds again after a delete', async () => {
      const cache = await ctx.cache()
      await cache.add('key', 1)
      await cache.delete('key')
      expect(await cache.add('key', 2)).toBe(true)
      expect(await cache.get('key')).toBe(2)
    })

    it('does not overwrite a cached null', async () => {
      const cache = await ctx.cache()
      await cache.set('key', null)
      expect(await cache.add('key', 'value')).toBe(false)
      expect(await cache.get('key', 'default')).toBeNull()
    })
  })

  describe('delete / hasKey', () => {
    it('deletes a key and reports that it existed', async () => {
      const cache = await ctx.cache()
      await cache.set('key1', 'spam')
      await cache.set('key2', 'eggs')
      expect(await cache.delete('key1')).toBe(true)
      expect(await cache.get('key1')).toBeUndefined()
      expect(await cache.get('key2')).toBe('eggs')
    })

    it('reports false when deleting a missing key', async () => {
      const cache = await ctx.cache()
      expect(await cache.delete('missing')).toBe(false)
    })

    it('hasKey is true for present keys and false after delete', async () => {
      const cache = await ctx.cache()
      await cache.set('hello1', 'goodbye1')
      expect(await cache.hasKey('hello1')).toBe(true)
      expect(await cache.hasKey('goodbye1')).toBe(false)
      await cache.delete('hello1')
      expect(await cache.hasKey('hello1')).toBe(false)
    })

    it('hasKey is true for a cached null', async () => {
      const cache = await ctx.cache()
      await cache.set('nothing', null)
      expect(await cache.hasKey('nothing')).toBe(true)
    })
  })

  describe('keys and prefixes', () => {
    it('makeKey applies the default key function synchronously', async () => {
      const cache = await ctx.cache()
      expect(cache.makeKey('k')).toBe(`${cache.keyPrefix}:1:k`)
      expect(cache.makeKey('k', 7)).toBe(`${cache.keyPrefix}:7:k`)
    })

    it("makeKey gives ':1:key' without a prefix (Django-compatible)", async () => {
      const cache = await ctx.cache({ keyPrefix: '' })
      expect(cache.keyPrefix).toBe('')
      expect(cache.makeKey('key')).toBe(':1:key')
    })

    it('exposes its prefix, version and default timeout', async () => {
      const cache = await ctx.cache({ keyPrefix: 'p-info', version: 3, timeout: 12 })
      expect(cache.keyPrefix).toBe('p-info')
      expect(cache.version).toBe(3)
      expect(cache.defaultTimeout).toBe(12)
      const defaults = await ctx.cache({ timeout: undefined })
      expect(defaults.version).toBe(1)
      expect(defaults.defaultTimeout).toBe(300)
    })

    it('a cache without a prefix reads and writes', async () => {
      const cache = await ctx.cache({ keyPrefix: '' })
      const key = ctx.uniqueKey()
      ctx.onCleanup(() => cache.delete(key))
      await cache.set(key, 'value')
      expect(await cache.get(key)).toBe('value')
    })

    it('caches with different prefixes do not see each other (prefix isolation)', async () => {
      const a = await ctx.cache()
      const b = await ctx.cache()
      await a.set('somekey', 'value')
      expect(await b.hasKey('somekey')).toBe(false)
      await b.set('somekey', 'value2')
      expect(await a.get('somekey')).toBe('value')
      expect(await b.get('somekey')).toBe('value2')
      await a.delete('somekey')
      expect(await b.get('somekey')).toBe('value2')
    })

    it('a prefix is not mistaken for a longer one', async () => {
      const base = ctx.uniquePrefix()
      const short = await ctx.cache({ keyPrefix: base })
      const long = await ctx.cache({ keyPrefix: `${base}x` })
      await short.set('k', 1)
      await long.set('k', 2)
      await short.clear()
      expect(await long.get('k')).toBe(2)
      expect(await short.hasKey('k')).toBe(false)
    })

    it('clear under a prefix with glob characters only removes its own keys', async () => {
      const base = ctx.uniquePrefix()
      const star = await ctx.cache({ keyPrefix: `${base}*` })
      const other = await ctx.cache({ keyPrefix: `${base}x` })
      const bracket = await ctx.cache({ keyPrefix: `${base}[x]?` })
      await star.set('k', 1)
      await other.set('k', 2)
      await bracket.set('k', 3)
      await star.clear()
      await bracket.clear()
      expect(await other.get('k')).toBe(2)
      expect(await star.hasKey('k')).toBe(false)
      expect(await bracket.hasKey('k')).toBe(false)
    })

    const keys = [
      'with spaces',
      'with:colons:inside',
      'Iñtërnâtiônàlizætiøn',
      '日本語のキー',
      'emoji 🎉',
      '',
      'new\nline',
      'k'.repeat(1000),
    ]
    it.each(keys.map((key) => [JSON.stringify(key.length > 40 ? `${key.slice(0, 20)}...` : key), key]))(
      'accepts any string as a key: %s',
      async (_label, key) => {
        const cache = await ctx.cache()
        await cache.set(key, key)
        expect(await cache.get(key)).toBe(key)
        expect(await cache.hasKey(key)).toBe(true)
        expect(await cache.delete(key)).toBe(true)
      },
    )

    const invalid: [
      string,
      (key: never) => (cache: Awaited<ReturnType<CacheSuiteContext['cache']>>) => Promise<unknown>,
    ][] = [
      ['get', (key) => (cache) => cache.get(key)],
      ['set', (key) => (cache) => cache.set(key, 1)],
      ['add', (key) => (cache) => cache.add(key, 1)],
      ['delete', (key) => (cache) => cache.delete(key)],
      ['hasKey', (key) => (cache) => cache.hasKey(key)],
      ['incr', (key) => (cache) => cache.incr(key)],
      ['touch', (key) => (cache) => cache.touch(key, 10)],
      ['getMany', (key) => (cache) => cache.getMany(['ok', key])],
      ['setMany', (key) => (cache) => cache.setMany(new Map([[key, 1]]))],
      ['deleteMany', (key) => (cache) => cache.deleteMany(['ok', key])],
      ['incrVersion', (key) => (cache) => cache.incrVersion(key)],
      ['getOrSet', (key) => (cache) => cache.getOrSet(key, 1)],
    ]
    it.each(invalid)('%s rejects (never throws) E_INVALID_KEY for non-string keys', async (_name, call) => {
      const cache = await ctx.cache()
      for (const bad of [1, null, undefined, { toString: () => 'x' }, ['a']]) {
        await expectRejection(() => call(bad as never)(cache), 'E_INVALID_KEY')
      }
      expect(await cache.hasKey('ok')).toBe(false)
    })

    it('close resolves', async () => {
      const cache = await ctx.cache()
      await expect(cache.close()).resolves.toBeUndefined()
    })
  })
}
