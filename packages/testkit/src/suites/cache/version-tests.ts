import { describe, expect, it } from 'vitest'
import type { KeyFunction } from '@cachex-js/core'
import { type CacheSuiteContext, expectCode } from '../cache-suite-context.js'

/** Django's cache_versioning_* tests, incr_version / decr_version, and custom key functions. */
export function versionTests(ctx: CacheSuiteContext): void {
  /** Two caches on one prefix: default version 1 and default version 2 (Django's `cache` and `caches['v2']`). */
  async function pair() {
    const keyPrefix = ctx.uniquePrefix()
    return { v1: await ctx.cache({ keyPrefix }), v2: await ctx.cache({ keyPrefix, version: 2 }) }
  }

  describe('versioning', () => {
    it('get / set use the version (Django test_cache_versioning_get_set)', async () => {
      const { v1, v2 } = await pair()
      await v1.set('answer1', 42)
      expect(await v1.get('answer1')).toBe(42)
      expect(await v1.get('answer1', undefined, { version: 1 })).toBe(42)
      expect(await v1.get('answer1', undefined, { version: 2 })).toBeUndefined()
      expect(await v2.get('answer1')).toBeUndefined()
      expect(await v2.get('answer1', undefined, { version: 1 })).toBe(42)

      await v1.set('answer2', 42, undefined, { version: 2 })
      expect(await v1.get('answer2')).toBeUndefined()
      expect(await v1.get('answer2', undefined, { version: 2 })).toBe(42)
      expect(await v2.get('answer2')).toBe(42)

      await v2.set('answer3', 42)
      expect(await v1.get('answer3')).toBeUndefined()
      expect(await v1.get('answer3', undefined, { version: 2 })).toBe(42)

      await v2.set('answer4', 42, undefined, { version: 1 })
      expect(await v1.get('answer4')).toBe(42)
      expect(await v2.get('answer4')).toBeUndefined()
    })

    it('add uses the version (Django test_cache_versioning_add)', async () => {
      const { v1, v2 } = await pair()
      expect(await v1.add('answer1', 42, undefined, { version: 2 })).toBe(true)
      expect(await v1.add('answer1', 37, undefined, { version: 2 })).toBe(false)
      expect(await v1.get('answer1', undefined, { version: 2 })).toBe(42)
      expect(await v1.add('answer1', 37, undefined, { version: 1 })).toBe(true)
      expect(await v1.get('answer1', undefined, { version: 1 })).toBe(37)
      expect(await v2.add('answer2', 42)).toBe(true)
      expect(await v2.add('answer2', 37)).toBe(false)
      expect(await v2.get('answer2')).toBe(42)
      expect(await v2.add('answer2', 37, undefined, { version: 1 })).toBe(true)
      expect(await v1.get('answer2')).toBe(37)
    })

    it('hasKey uses the version (Django test_cache_versioning_has_key)', async () => {
      const { v1, v2 } = await pair()
      await v1.set('answer1', 42)
      expect(await v1.hasKey('answer1')).toBe(true)
      expect(await v1.hasKey('answer1', { version: 1 })).toBe(true)
      expect(await v1.hasKey('answer1', { version: 2 })).toBe(false)
      expect(await v2.hasKey('answer1')).toBe(false)
      expect(await v2.hasKey('answer1', { version: 1 })).toBe(true)
    })

    it('delete uses the version (Django test_cache_versioning_delete)', async () => {
      const { v1, v2 } = await pair()
      await v1.set('answer1', 37, undefined, { version: 1 })
      await v1.set('answer1', 42, undefined, { version: 2 })
      expect(await v1.delete('answer1')).toBe(true)
      expect(await v1.get('answer1', undefined, { version: 1 })).toBeUndefined()
      expect(await v1.get('answer1', undefined, { version: 2 })).toBe(42)

      await v1.set('answer2', 37, undefined, { version: 1 })
      await v1.set('answer2', 42, undefined, { version: 2 })
      expect(await v1.delete('answer2', { version: 2 })).toBe(true)
      expect(await v1.get('answer2', undefined, { version: 1 })).toBe(37)
      expect(await v1.get('answer2', undefined, { version: 2 })).toBeUndefined()

      await v1.set('answer3', 37, undefined, { version: 1 })
      await v1.set('answer3', 42, undefined, { version: 2 })
      expect(await v2.delete('answer3')).toBe(true)
      expect(await v1.get('answer3', undefined, { version: 1 })).toBe(37)
      expect(await v1.get('answer3', undefined, { version: 2 })).toBeUndefined()

      await v1.set('answer4', 37, undefined, { version: 1 })
      await v1.set('answer4', 42, undefined, { version: 2 })
      expect(await v2.delete('answer4', { version: 1 })).toBe(true)
      expect(await v1.get('answer4', undefined, { version: 1 })).toBeUndefined()
      expect(await v1.get('answer4', undefined, { version: 2 })).toBe(42)
    })

    it('incr / decr use the version (Django test_cache_versioning_incr_decr)', async () => {
      const { v1, v2 } = await pair()
      await v1.set('answer1', 37, undefined, { version: 1 })
      await v1.set('answer1', 42, undefined, { version: 2 })
      expect(await v1.incr('answer1')).toBe(38)
      expect(await v1.get('answer1', undefined, { version: 2 })).toBe(42)
      expect(await v1.decr('answer1')).toBe(37)

      expect(await v1.incr('answer1', 1, { version: 2 })).toBe(43)
      expect(await v1.get('answer1', undefined, { version: 1 })).toBe(37)
      expect(await v2.decr('answer1')).toBe(42)
      expect(await v2.incr('answer1', 5, { version: 1 })).toBe(42)
      expect(await v1.get('answer1')).toBe(42)
    })

    it('getMany uses the version (Django test_cache_versioning_get_set_many)', async () => {
      const { v1, v2 } = await pair()
      await v1.setMany({ ford1: 37, arthur1: 42 })
      expect(await v1.getMany(['ford1', 'arthur1'])).toEqual({ ford1: 37, arthur1: 42 })
      expect(await v1.getMany(['ford1', 'arthur1'], { version: 1 })).toEqual({ ford1: 37, arthur1: 42 })
      expect(await v1.getMany(['ford1', 'arthur1'], { version: 2 })).toEqual({})
      expect(await v2.getMany(['ford1', 'arthur1'])).toEqual({})
      expect(await v2.getMany(['ford1', 'arthur1'], { version: 1 })).toEqual({ ford1: 37, arthur1: 42 })

      await v1.setMany({ ford2: 37, arthur2: 42 }, undefined, { version: 2 })
      expect(await v1.getMany(['ford2', 'arthur2'])).toEqual({})
      expect(await v2.getMany(['ford2', 'arthur2'])).toEqual({ ford2: 37, arthur2: 42 })

      await v2.setMany({ ford3: 37, arthur3: 42 }, undefined, { version: 1 })
      expect(await v1.getMany(['ford3', 'arthur3'])).toEqual({ ford3: 37, arthur3: 42 })
      expect(await v2.getMany(['ford3', 'arthur3'])).toEqual({})
    })

    it('deleteMany uses the version', async () => {
      const { v1 } = await pair()
      await v1.setMany({ a: 1, b: 2 })
      await v1.setMany({ a: 1, b: 2 }, undefined, { version: 2 })
      expect(await v1.deleteMany(['a', 'b'], { version: 2 })).toBe(2)
      expect(await v1.getMany(['a', 'b'])).toEqual({ a: 1, b: 2 })
    })

    it('touch uses the version', async () => {
      const { v1 } = await pair()
      await v1.set('k', 1, 60, { version: 2 })
      expect(await v1.touch('k', 0)).toBe(false)
      expect(await v1.touch('k', 0, { version: 2 })).toBe(true)
      expect(await v1.hasKey('k', { version: 2 })).toBe(false)
    })
  })

  describe('incrVersion / decrVersion', () => {
    it('moves the value to the next version (Django test_incr_version)', async () => {
      const { v1, v2 } = await pair()
      await v2.set('answer', 42)
      expect(await v2.get('answer')).toBe(42)
      expect(await v2.get('answer', undefined, { version: 3 })).toBeUndefined()

      expect(await v2.incrVersion('answer')).toBe(3)
      expect(await v2.get('answer')).toBeUndefined()
      expect(await v2.get('answer', undefined, { version: 2 })).toBeUndefined()
      expect(await v2.get('answer', undefined, { version: 3 })).toBe(42)

      await v1.set('answer2', 37)
      expect(await v1.incrVersion('answer2', 1, { version: 1 })).toBe(2)
      expect(await v1.get('answer2', undefined, { version: 1 })).toBeUndefined()
      expect(await v1.get('answer2', undefined, { version: 2 })).toBe(37)
      expect(await v1.incrVersion('answer2', 2, { version: 2 })).toBe(4)
      expect(await v1.get('answer2', undefined, { version: 4 })).toBe(37)

      await expectCode(v2.incrVersion('does_not_exist'), 'E_KEY_NOT_FOUND')
    })

    it('moves the value to the previous version (Django test_decr_version)', async () => {
      const { v2 } = await pair()
      await v2.set('answer', 42)
      expect(await v2.decrVersion('answer')).toBe(1)
      expect(await v2.get('answer')).toBeUndefined()
      expect(await v2.get('answer', undefined, { version: 1 })).toBe(42)
      expect(await v2.decrVersion('answer', 1, { version: 1 })).toBe(0)
      expect(await v2.get('answer', undefined, { version: 0 })).toBe(42)
      await expectCode(v2.decrVersion('does_not_exist'), 'E_KEY_NOT_FOUND')
    })

    it('overwrites a value already at the target version', async () => {
      const { v1 } = await pair()
      await v1.set('k', 'old')
      await v1.set('k', 'stale', undefined, { version: 2 })
      expect(await v1.incrVersion('k')).toBe(2)
      expect(await v1.get('k', undefined, { version: 2 })).toBe('old')
    })

    it('keeps a never-expiring value never-expiring', async () => {
      const { v1 } = await pair()
      await v1.set('k', 1, null)
      await v1.incrVersion('k')
      if (ctx.capabilities.extensions) expect(await v1.ttl('k', { version: 2 })).toBeNull()
      await ctx.elapse(0.2)
      expect(await v1.get('k', undefined, { version: 2 })).toBe(1)
    })

    it('keeps the expiry of an expiring value', async () => {
      const { v1 } = await pair()
      await v1.set('long', 1, 100)
      await v1.set('short', 1, 0.1)
      await v1.incrVersion('long')
      await v1.incrVersion('short')
      if (ctx.capabilities.extensions) {
        const ttl = (await v1.ttl('long', { version: 2 }))!
        expect(ttl).toBeGreaterThan(95)
        expect(ttl).toBeLessThanOrEqual(100)
      }
      await ctx.elapse(0.3)
      expect(await v1.hasKey('short', { version: 2 })).toBe(false)
      expect(await v1.get('long', undefined, { version: 2 })).toBe(1)
    })

    it('keeps integers incrementable', async () => {
      const { v1 } = await pair()
      await v1.set('n', 5)
      await v1.incrVersion('n')
      expect(await v1.incr('n', 1, { version: 2 })).toBe(6)
    })
  })

  describe('key functions', () => {
    const pipes: KeyFunction = (key, prefix, version) => `${prefix}|${version}|${key}`
    const reversePipes = (full: string) => full.split('|').slice(2).join('|')

    it('uses a custom key function for every operation (Django test_custom_key_func)', async () => {
      const keyPrefix = ctx.uniquePrefix()
      const custom = await ctx.cache({ keyPrefix, keyFunction: pipes, reverseKeyFunction: reversePipes })
      const plain = await ctx.cache({ keyPrefix })
      expect(custom.makeKey('k')).toBe(`${keyPrefix}|1|k`)
      expect(custom.makeKey('k', 3)).toBe(`${keyPrefix}|3|k`)
      await custom.set('answer1', 42)
      expect(await custom.get('answer1')).toBe(42)
      expect(await plain.get('answer1')).toBeUndefined()
      await plain.set('answer2', 42)
      expect(await custom.get('answer2')).toBeUndefined()
      await custom.setMany({ a: 1 })
      expect(await custom.getMany(['a'])).toEqual({ a: 1 })
      expect(await custom.incr('a')).toBe(2)
      expect(await custom.incrVersion('a')).toBe(2)
      expect(await custom.get('a', undefined, { version: 2 })).toBe(2)
      expect(await custom.delete('a', { version: 2 })).toBe(true)
      await custom.clear()
      expect(await custom.hasKey('answer1')).toBe(false)
      expect(await plain.get('answer2')).toBe(42)
    })

    it('passes the version to the key function', async () => {
      const seen: number[] = []
      const recording: KeyFunction = (key, prefix, version) => {
        if (typeof version === 'number') seen.push(version)
        return `${prefix}:v${version}:${key}`
      }
      const cache = await ctx.cache({
        version: 4,
        keyFunction: recording,
        reverseKeyFunction: (full) => full.split(':').slice(2).join(':'),
      })
      await cache.set('k', 1)
      await cache.set('k', 1, undefined, { version: 9 })
      expect(seen).toContain(4)
      expect(seen).toContain(9)
      expect(cache.makeKey('k')).toBe(`${cache.keyPrefix}:v4:k`)
    })

    it.runIf(ctx.capabilities.extensions)('lists user keys through the reverse key function', async () => {
      const cache = await ctx.cache({ keyFunction: pipes, reverseKeyFunction: reversePipes })
      await cache.setMany({ 'a|b': 1, c: 2 })
      expect((await cache.keys()).sort()).toEqual(['a|b', 'c'])
    })
  })
}
