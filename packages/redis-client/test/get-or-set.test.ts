import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import { leaseKey } from '@cachex-js/redis-client'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

const { standalone } = sharedRedis()

function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

/** Two caches with separate process-local state: as good as two processes for the lease protocol. */
function twoCaches() {
  const keyPrefix = uniquePrefix('gos')
  return [
    testCache({ location: standalone.url, keyPrefix }),
    testCache({ location: standalone.url, keyPrefix }),
  ] as const
}

describe('getOrSet across caches (the Redis lease)', () => {
  it("a waiter receives the winner's value, not undefined, and never runs its factory", async () => {
    const [a, b] = twoCaches()
    const hold = gate()
    const winner = a.getOrSet('k', async () => {
      await hold.opened
      return { from: 'a' }
    })
    const redis = plainClient(standalone.url)
    while ((await redis.exists(leaseKey(a.makeKey('k')))) === 0) await new Promise((r) => setTimeout(r, 5))
    let waiterCalls = 0
    const waiter = b.getOrSet('k', () => (waiterCalls++, { from: 'b' }))
    await new Promise((r) => setTimeout(r, 50))
    hold.open()
    expect(await winner).toEqual({ from: 'a' })
    expect(await waiter).toEqual({ from: 'a' })
    expect(waiterCalls).toBe(0)
    expect(await redis.exists(leaseKey(a.makeKey('k')))).toBe(0) // released
  })

  it('a factory that throws leaves no lease behind and lets a waiter take over', async () => {
    const [a, b] = twoCaches()
    const hold = gate()
    const boom = new Error('boom')
    const failing = a.getOrSet('k', async () => {
      await hold.opened
      throw boom
    })
    const redis = plainClient(standalone.url)
    while ((await redis.exists(leaseKey(a.makeKey('k')))) === 0) await new Promise((r) => setTimeout(r, 5))
    const waiter = b.getOrSet('k', () => 'from b', 60)
    hold.open()
    await expect(failing).rejects.toBe(boom)
    expect(await waiter).toBe('from b')
    expect(await redis.exists(leaseKey(a.makeKey('k')))).toBe(0)
    expect(await a.get('k')).toBe('from b')
  })

  it('a waiter computes itself once the winner overruns lockTimeout', async () => {
    const [a, b] = twoCaches()
    const hold = gate()
    const slow = a.getOrSet(
      'k',
      async () => {
        await hold.opened
        return 'slow'
      },
      60,
      { lockTimeout: 0.3 },
    )
    const redis = plainClient(standalone.url)
    while ((await redis.exists(leaseKey(a.makeKey('k')))) === 0) await new Promise((r) => setTimeout(r, 5))
    expect(await b.getOrSet('k', () => 'impatient', 60, { lockTimeout: 0.3 })).toBe('impatient')
    hold.open()
    expect(await slow).toBe('slow')
  })

  it("a signal cancels a waiter's wait without touching the winner", async () => {
    const [a, b] = twoCaches()
    const hold = gate()
    const winner = a.getOrSet('k', async () => {
      await hold.opened
      return 'winner'
    })
    const redis = plainClient(standalone.url)
    while ((await redis.exists(leaseKey(a.makeKey('k')))) === 0) await new Promise((r) => setTimeout(r, 5))
    const controller = new AbortController()
    const waiter = b.getOrSet('k', () => 'waiter', 60, { signal: controller.signal })
    controller.abort(new Error('caller gave up'))
    await expect(waiter).rejects.toThrow('caller gave up')
    hold.open()
    expect(await winner).toBe('winner')
  })

  it('serves a stale value at once to the loser; plain get, ttl and hasKey see a normal key', async () => {
    const [a, b] = twoCaches()
    await a.getOrSet('k', 'v1', 0.1, { staleCacheTimeout: 30 })
    expect(await a.ttl('k')).toBeGreaterThan(25) // the key lives for timeout + staleCacheTimeout
    while (((await a.pttl('k')) ?? 0) > 30_000) await new Promise((r) => setTimeout(r, 10))
    const hold = gate()
    const refresher = a.getOrSet(
      'k',
      async () => {
        await hold.opened
        return 'v2'
      },
      60,
      { staleCacheTimeout: 30 },
    )
    const redis = plainClient(standalone.url)
    while ((await redis.exists(leaseKey(a.makeKey('k')))) === 0) await new Promise((r) => setTimeout(r, 5))
    expect(await b.getOrSet('k', () => 'not called', 60, { staleCacheTimeout: 30 })).toBe('v1')
    expect(await b.get('k')).toBe('v1')
    expect(await b.hasKey('k')).toBe(true)
    hold.open()
    expect(await refresher).toBe('v2')
    expect(await b.getOrSet('k', () => 'not called', 60, { staleCacheTimeout: 30 })).toBe('v2')
  })

  it('staleCacheTimeout null keeps serving stale values for a century', async () => {
    const [a] = twoCaches()
    await a.getOrSet('k', 'v', 60, { staleCacheTimeout: null })
    expect(await a.ttl('k')).toBeGreaterThan(99 * 365 * 24 * 3600)
    expect(await a.getOrSet('k', () => 'not called', 60, { staleCacheTimeout: null })).toBe('v')
  })
})

describe('process-local single flight', () => {
  let server: RedisStandalone
  beforeAll(async () => {
    server = await startStandalone()
  })
  afterAll(() => server?.stop())

  async function setCalls(): Promise<number> {
    const info = await plainClient(server.url).info('commandstats')
    return Number(/cmdstat_set:calls=(\d+)/.exec(info)?.[1] ?? 0)
  }

  it('sends one lease attempt per key for 100 concurrent callers in one process', async () => {
    const cache = testCache({ location: server.url, keyPrefix: uniquePrefix() })
    await cache.get('warm-up')
    await plainClient(server.url).config('RESETSTAT')
    let calls = 0
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        cache.getOrSet('k', async () => {
          calls++
          await new Promise((r) => setTimeout(r, 50))
          return { n: 1 }
        }),
      ),
    )
    expect(calls).toBe(1)
    expect(results.every((r) => r.n === 1)).toBe(true)
    expect(results[0]).not.toBe(results[1]) // every caller gets its own copy
    expect(await setCalls()).toBe(2) // SET NX of the lease, SET of the value
  })
})
