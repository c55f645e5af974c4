import { describe, expect, it } from 'vitest'
import type { ExtendedCache } from '@cachex-js/core'
import type { CacheSuiteContext } from '../cache-suite-context.js'

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = []
  for await (const key of iterable) keys.push(key)
  return keys
}

const sorted = (keys: string[]) => [...keys].sort()

/** The Redis extensions of section 5 (ttl, expire*, persist, keys, iterKeys, deletePattern, reinsertKeys). */
export function extensionTests(ctx: CacheSuiteContext): void {
  describe('ttl / pttl', () => {
    it('reports the seconds left, null without expiry, 0 when missing', async () => {
      const cache = await ctx.cache()
      await cache.set('expiring', 1, 100)
      await cache.set('forever', 1, null)
      const ttl = (await cache.ttl('expiring'))!
      expect(ttl).toBeGreaterThan(97)
      expect(ttl).toBeLessThanOrEqual(100)
      expect(await cache.ttl('forever')).toBeNull()
      expect(await cache.ttl('missing')).toBe(0)
    })

    it('reports milliseconds with pttl', async () => {
      const cache = await ctx.cache()
      await cache.set('expiring', 1, 10.5)
      await cache.set('forever', 1, null)
      const left = (await cache.pttl('expiring'))!
      expect(left).toBeGreaterThan(9_000)
      expect(left).toBeLessThanOrEqual(10_500)
      expect(await cache.pttl('forever')).toBeNull()
      expect(await cache.pttl('missing')).toBe(0)
    })

    it('decreases as time passes', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, 100)
      const before = (await cache.pttl('k'))!
      await ctx.elapse(0.2)
      expect((await cache.pttl('k'))!).toBeLessThanOrEqual(before - 150)
    })

    it('uses the version', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, 100, { version: 2 })
      expect(await cache.ttl('k')).toBe(0)
      expect((await cache.ttl('k', { version: 2 }))!).toBeGreaterThan(90)
    })

    it('reports 0 for an expired key', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, 0.1)
      await ctx.elapse(0.3)
      expect(await cache.ttl('k')).toBe(0)
      expect(await cache.pttl('k')).toBe(0)
    })
  })

  describe('expire / pexpire / expireAt / pexpireAt / persist', () => {
    it('expire sets a timeout in seconds', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, null)
      expect(await cache.expire('k', 100)).toBe(true)
      const ttl = (await cache.ttl('k'))!
      expect(ttl).toBeGreaterThan(97)
      expect(ttl).toBeLessThanOrEqual(100)
      expect(await cache.expire('missing', 100)).toBe(false)
      expect(await cache.hasKey('missing')).toBe(false)
    })

    it('expire makes a value expire', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, null)
      await cache.expire('k', 1)
      await ctx.elapse(1.3)
      expect(await cache.hasKey('k')).toBe(false)
    })

    it('expire with 0 or less deletes', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 1, b: 1 })
      expect(await cache.expire('a', 0)).toBe(true)
      expect(await cache.pexpire('b', -5)).toBe(true)
      expect(await cache.getMany(['a', 'b'])).toEqual({})
    })

    it('pexpire sets a timeout in milliseconds', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, null)
      await cache.set('short', 1, null)
      expect(await cache.pexpire('k', 50_000)).toBe(true)
      expect(await cache.pexpire('short', 100)).toBe(true)
      const left = (await cache.pttl('k'))!
      expect(left).toBeGreaterThan(48_000)
      expect(left).toBeLessThanOrEqual(50_000)
      expect(await cache.pexpire('missing', 100)).toBe(false)
      await ctx.elapse(0.3)
      expect(await cache.hasKey('short')).toBe(false)
    })

    it('expireAt takes a Date or epoch seconds', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 1, b: 1 }, null)
      const now = Date.now()
      expect(await cache.expireAt('a', new Date(now + 100_000))).toBe(true)
      expect(await cache.expireAt('b', Math.floor(now / 1000) + 200)).toBe(true)
      expect(await cache.expireAt('missing', new Date(now + 100_000))).toBe(false)
      const a = (await cache.ttl('a'))!
      const b = (await cache.ttl('b'))!
      expect(a).toBeGreaterThan(90)
      expect(a).toBeLessThanOrEqual(101)
      expect(b).toBeGreaterThan(190)
      expect(b).toBeLessThanOrEqual(201)
    })

    it('pexpireAt takes a Date or epoch milliseconds', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 1, b: 1 }, null)
      const now = Date.now()
      expect(await cache.pexpireAt('a', new Date(now + 100_000))).toBe(true)
      expect(await cache.pexpireAt('b', now + 50_000)).toBe(true)
      expect(await cache.pexpireAt('missing', now + 50_000)).toBe(false)
      expect((await cache.pttl('a'))!).toBeGreaterThan(90_000)
      const b = (await cache.pttl('b'))!
      expect(b).toBeGreaterThan(45_000)
      expect(b).toBeLessThanOrEqual(51_000) // a fake clock may lag the wall clock a little
    })

    it('a time in the past deletes', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 1, b: 1 }, null)
      expect(await cache.expireAt('a', new Date(Date.now() - 10_000))).toBe(true)
      expect(await cache.pexpireAt('b', 1)).toBe(true)
      expect(await cache.getMany(['a', 'b'])).toEqual({})
    })

    it('persist removes the expiry; false only when the key is missing', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, 0.5)
      await cache.set('forever', 1, null)
      expect(await cache.persist('k')).toBe(true)
      expect(await cache.ttl('k')).toBeNull()
      expect(await cache.persist('forever')).toBe(true)
      expect(await cache.persist('missing')).toBe(false)
      await ctx.elapse(0.8)
      expect(await cache.get('k')).toBe(1)
    })

    it('every one takes a version', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 1, null, { version: 3 })
      expect(await cache.expire('k', 100)).toBe(false)
      expect(await cache.expire('k', 100, { version: 3 })).toBe(true)
      expect(await cache.pexpire('k', 100_000, { version: 3 })).toBe(true)
      expect(await cache.expireAt('k', new Date(Date.now() + 100_000), { version: 3 })).toBe(true)
      expect(await cache.pexpireAt('k', Date.now() + 100_000, { version: 3 })).toBe(true)
      expect(await cache.persist('k', { version: 3 })).toBe(true)
      expect(await cache.pttl('k', { version: 3 })).toBeNull()
    })
  })

  describe('keys / iterKeys', () => {
    async function seeded(): Promise<ExtendedCache> {
      const cache = await ctx.cache()
      await cache.setMany({ apple: 1, apricot: 2, banana: 3, 'a*star': 4, 'q?': 5, 'x:y': 6 })
      await cache.set('apple', 'v2', undefined, { version: 2 })
      return cache
    }

    it("lists this cache's user keys at its version", async () => {
      const cache = await seeded()
      const other = await ctx.cache()
      await other.set('orange', 1)
      expect(sorted(await cache.keys())).toEqual(sorted(['apple', 'apricot', 'banana', 'a*star', 'q?', 'x:y']))
      expect(sorted(await cache.keys('*'))).toEqual(sorted(await cache.keys()))
    })

    it('matches glob patterns on user keys', async () => {
      const cache = await seeded()
      expect(sorted(await cache.keys('ap*'))).toEqual(['apple', 'apricot'])
      expect(sorted(await cache.keys('?anana'))).toEqual(['banana'])
      expect(sorted(await cache.keys('[ab]*'))).toEqual(sorted(['apple', 'apricot', 'banana', 'a*star']))
      expect(sorted(await cache.keys('a\\*star'))).toEqual(['a*star'])
      expect(sorted(await cache.keys('q\\?'))).toEqual(['q?'])
      expect(sorted(await cache.keys('x:*'))).toEqual(['x:y'])
      expect(await cache.keys('nothing*')).toEqual([])
    })

    it('lists another version with the version option', async () => {
      const cache = await seeded()
      expect(await cache.keys('*', { version: 2 })).toEqual(['apple'])
      expect(await cache.keys('*', { version: 9 })).toEqual([])
    })

    it('does not list expired keys', async () => {
      const cache = await ctx.cache()
      await cache.set('gone', 1, 0.1)
      await cache.set('here', 1, 60)
      await ctx.elapse(0.3)
      expect(await cache.keys()).toEqual(['here'])
    })

    it('escapes glob characters in the prefix', async () => {
      const base = ctx.uniquePrefix()
      const star = await ctx.cache({ keyPrefix: `${base}*` })
      const plain = await ctx.cache({ keyPrefix: `${base}abc` })
      await star.set('mine', 1)
      await plain.set('theirs', 1)
      expect(await star.keys()).toEqual(['mine'])
      expect(await star.deletePattern('*')).toBe(1)
      expect(await plain.get('theirs')).toBe(1)
    })

    it('iterKeys yields the same keys', async () => {
      const cache = await seeded()
      expect(sorted(await collect(cache.iterKeys()))).toEqual(sorted(await cache.keys()))
      expect(sorted(await collect(cache.iterKeys('ap*', { itersize: 1 })))).toEqual(['apple', 'apricot'])
      expect(await collect(cache.iterKeys('*', { version: 2 }))).toEqual(['apple'])
    })

    it('iterKeys covers many keys in small steps', async () => {
      const cache = await ctx.cache()
      const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`k${i}`, i]))
      await cache.setMany(many)
      const keys = new Set(await collect(cache.iterKeys('k*', { itersize: 10 })))
      expect(keys.size).toBe(250)
    })
  })

  describe('deletePattern', () => {
    it('deletes matching keys and counts them', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ 'user:1': 1, 'user:2': 2, 'order:1': 3 })
      expect(await cache.deletePattern('user:*')).toBe(2)
      expect(sorted(await cache.keys())).toEqual(['order:1'])
    })

    it('returns 0 when nothing matches', async () => {
      const cache = await ctx.cache()
      await cache.set('a', 1)
      expect(await cache.deletePattern('zzz*')).toBe(0)
      expect(await cache.get('a')).toBe(1)
    })

    it('only touches its version unless told otherwise', async () => {
      const cache = await ctx.cache()
      await cache.set('a', 1)
      await cache.set('a', 2, undefined, { version: 2 })
      expect(await cache.deletePattern('*', { version: 2 })).toBe(1)
      expect(await cache.get('a')).toBe(1)
      expect(await cache.deletePattern('a', { itersize: 5 })).toBe(1)
      expect(await cache.hasKey('a')).toBe(false)
    })

    it("leaves other prefixes' keys alone", async () => {
      const mine = await ctx.cache()
      const other = await ctx.cache()
      await mine.set('a', 1)
      await other.set('a', 2)
      expect(await mine.deletePattern('*')).toBe(1)
      expect(await other.get('a')).toBe(2)
    })

    it('deletes many keys', async () => {
      const cache = await ctx.cache()
      await cache.setMany(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])))
      expect(await cache.deletePattern('k*', { itersize: 50 })).toBe(300)
      expect(await cache.keys()).toEqual([])
    })
  })

  describe.runIf(ctx.capabilities.reinsertKeys)('reinsertKeys', () => {
    it('rewrites every key, keeping values and TTLs', async () => {
      const cache = await ctx.cache()
      await cache.setMany({ a: 1, b: 'two', c: { three: [3] } }, 100)
      await cache.set('forever', 'x', null)
      await cache.set('v2', 'y', null, { version: 2 })
      expect(await cache.reinsertKeys()).toBeGreaterThanOrEqual(4)
      expect(await cache.getMany(['a', 'b', 'c', 'forever'])).toEqual({
        a: 1,
        b: 'two',
        c: { three: [3] },
        forever: 'x',
      })
      expect(await cache.get('v2', undefined, { version: 2 })).toBe('y')
      expect((await cache.ttl('a'))!).toBeGreaterThan(95)
      expect(await cache.ttl('forever')).toBeNull()
      expect(await cache.incr('a')).toBe(2)
    })

    it('returns 0 on an empty cache', async () => {
      const cache = await ctx.cache()
      expect(await cache.reinsertKeys()).toBe(0)
    })
  })
}
