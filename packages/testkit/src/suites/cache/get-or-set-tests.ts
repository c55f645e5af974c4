import { describe, expect, it } from 'vitest'
import { type CacheSuiteContext, expectCode } from '../cache-suite-context.js'

/** Django's get_or_set tests and the section 7 rules a single process can observe. */
export function getOrSetTests(ctx: CacheSuiteContext): void {
  describe('getOrSet', () => {
    it('stores and returns a plain value on a miss (Django test_get_or_set)', async () => {
      const cache = await ctx.cache()
      expect(await cache.get('projector')).toBeUndefined()
      expect(await cache.getOrSet('projector', 42)).toBe(42)
      expect(await cache.get('projector')).toBe(42)
      expect(await cache.getOrSet('null', null)).toBeNull()
      expect(await cache.hasKey('null')).toBe(true)
    })

    it('calls a sync factory on a miss (Django test_get_or_set_callable)', async () => {
      const cache = await ctx.cache()
      expect(await cache.getOrSet('mykey', () => 'value')).toBe('value')
      expect(await cache.get('mykey')).toBe('value')
    })

    it('awaits an async factory on a miss', async () => {
      const cache = await ctx.cache()
      const value = await cache.getOrSet('k', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        return { computed: true }
      })
      expect(value).toEqual({ computed: true })
      expect(await cache.get('k')).toEqual({ computed: true })
    })

    it('returns a hit without calling the factory', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 'cached')
      let calls = 0
      expect(await cache.getOrSet('k', () => (calls++, 'fresh'))).toBe('cached')
      expect(calls).toBe(0)
    })

    it('treats a cached null as a hit', async () => {
      const cache = await ctx.cache()
      await cache.set('k', null)
      expect(await cache.getOrSet('k', () => 'fresh')).toBeNull()
      expect(await cache.getOrSet('k', 'fresh')).toBeNull()
    })

    it('rejects with the factory error, stores nothing and retries on the next call', async () => {
      const cache = await ctx.cache()
      const boom = new Error('factory failed')
      await expect(cache.getOrSet('k', () => Promise.reject(boom))).rejects.toBe(boom)
      await expect(
        cache.getOrSet('k', () => {
          throw boom
        }),
      ).rejects.toBe(boom)
      expect(await cache.hasKey('k')).toBe(false)
      expect(await cache.getOrSet('k', () => 'ok')).toBe('ok')
    })

    it('runs the factory once for concurrent callers, and all of them get its value', async () => {
      const cache = await ctx.cache()
      let calls = 0
      const factory = async () => {
        calls++
        await new Promise((resolve) => setTimeout(resolve, 50))
        return { value: 'shared' }
      }
      const results = await Promise.all(Array.from({ length: 10 }, () => cache.getOrSet('herd', factory, 60)))
      expect(calls).toBe(1)
      for (const result of results) expect(result).toEqual({ value: 'shared' })
    })

    it('lets waiters recover when the running factory fails', async () => {
      const cache = await ctx.cache()
      let calls = 0
      const factory = async () => {
        calls++
        await new Promise((resolve) => setTimeout(resolve, 20))
        if (calls === 1) throw new Error('first run fails')
        return 'second run'
      }
      const [first, second] = await Promise.allSettled([cache.getOrSet('k', factory), cache.getOrSet('k', factory)])
      expect(first.status).toBe('rejected')
      expect(second).toEqual({ status: 'fulfilled', value: 'second run' })
      expect(await cache.get('k')).toBe('second run')
    })

    it('stores with the given timeout', async () => {
      const cache = await ctx.cache()
      await cache.getOrSet('short', 'v', 0.1)
      await cache.getOrSet('long', 'v', 60)
      await ctx.elapse(0.3)
      expect(await cache.hasKey('short')).toBe(false)
      expect(await cache.get('long')).toBe('v')
    })

    it('returns the value but stores nothing with a timeout of 0', async () => {
      const cache = await ctx.cache()
      expect(await cache.getOrSet('k', () => 'v', 0)).toBe('v')
      expect(await cache.hasKey('k')).toBe(false)
    })

    it('uses the version (Django test_get_or_set_version)', async () => {
      const cache = await ctx.cache()
      expect(await cache.getOrSet('brian', 1979, undefined, { version: 2 })).toBe(1979)
      expect(await cache.get('brian')).toBeUndefined()
      expect(await cache.getOrSet('brian', 42, undefined, { version: 1 })).toBe(42)
      expect(await cache.get('brian', undefined, { version: 1 })).toBe(42)
      expect(await cache.get('brian', undefined, { version: 2 })).toBe(1979)
      expect(await cache.get('brian', undefined, { version: 3 })).toBeUndefined()
    })

    it('rejects a value that cannot be serialized with E_SERIALIZATION and stores nothing', async () => {
      const cache = await ctx.cache()
      await expectCode(
        cache.getOrSet('k', () => ({ f: () => 1 })),
        'E_SERIALIZATION',
      )
      expect(await cache.hasKey('k')).toBe(false)
      expect(await cache.getOrSet('k', () => 'ok')).toBe('ok')
    })

    it('does not change the timeout of a hit', async () => {
      const cache = await ctx.cache()
      await cache.set('k', 'v', 0.2)
      expect(await cache.getOrSet('k', 'other', 60)).toBe('v')
      await ctx.elapse(0.5)
      expect(await cache.hasKey('k')).toBe(false)
    })

    it('rejects at once when the signal is already aborted', async () => {
      const cache = await ctx.cache()
      const controller = new AbortController()
      controller.abort()
      let calls = 0
      await expect(
        cache.getOrSet('k', () => (calls++, 1), undefined, { signal: controller.signal }),
      ).rejects.toBeDefined()
      expect(calls).toBe(0)
    })

    it("an aborted signal cancels a waiter, not the winner's run", async () => {
      const cache = await ctx.cache()
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const winner = cache.getOrSet('k', async () => {
        await gate
        return 'winner'
      })
      await new Promise((resolve) => setTimeout(resolve, 20))
      const controller = new AbortController()
      let waiterCalls = 0
      const waiter = cache.getOrSet('k', () => (waiterCalls++, 'waiter'), undefined, { signal: controller.signal })
      await new Promise((resolve) => setTimeout(resolve, 20))
      controller.abort()
      await expect(waiter).rejects.toBeDefined()
      release()
      expect(await winner).toBe('winner')
      expect(waiterCalls).toBe(0)
      expect(await cache.get('k')).toBe('winner')
    })

    it('infers the type from the factory', async () => {
      const cache = await ctx.cache()
      const value: { n: number } = await cache.getOrSet('typed', () => Promise.resolve({ n: 1 }))
      expect(value.n).toBe(1)
    })
  })
}
