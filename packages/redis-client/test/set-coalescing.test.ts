/**
 * Set coalescing (set-batch.ts, `coalesceSets`): the plain sets of one tick on one connection reach Redis as
 * one script call, with each key's own timeout, in order with everything else sent, and fail as each SET would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Redis } from 'ioredis'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import { RedisCache, type RedisCacheConfig } from '@cachex-js/redis-client'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'
import { countWrites } from './support/socket-writes.js'

const { standalone } = sharedRedis()

/** What the server runs on keys with `prefix`: `NAME from client` or `NAME from script`, in order. */
async function watchCommands(prefix: string): Promise<{ seen: string[]; stop: () => void }> {
  const seen: string[] = []
  const monitor = await plainClient(standalone.url).monitor()
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const from = source === 'lua' ? 'script' : 'client'
    if (args.some((arg) => arg.includes(prefix))) seen.push(`${args[0]!.toUpperCase()} from ${from}`)
  })
  return { seen, stop: () => monitor.disconnect() }
}

async function readyCache(config: Partial<RedisCacheConfig> = {}) {
  const prefix = uniquePrefix('sc')
  const cache = testCache({ location: standalone.url, keyPrefix: prefix, ...config })
  await cache.get('warm') // connected
  return { cache, prefix }
}

describe('set coalescing', () => {
  it('sends the first set of a tick at once, the rest as EVALs of up to 32 keys, each key with its own timeout', async () => {
    const { cache, prefix } = await readyCache()
    const writes = countWrites((cache.getConnection() as Redis).stream)
    const wire = await watchCommands(prefix)
    try {
      const results = Array.from({ length: 50 }, (_, i) => cache.set(`k${i}`, { i }, i % 2 === 0 ? 60 : 600))
      // The first SET and a full batch of 32 left at once (a full batch is not held to the end of the tick), the
      // other 17 wait.
      expect(writes.count).toBe(1)
      expect(await Promise.all(results)).toEqual(Array(50).fill(true))
      expect(writes.count).toBe(2)
      await expect.poll(() => wire.seen.length).toBe(52)
    } finally {
      wire.stop()
    }
    expect(wire.seen).toEqual([
      'SET from client',
      'EVAL from client',
      ...Array<string>(32).fill('SET from script'),
      'EVAL from client',
      ...Array<string>(17).fill('SET from script'),
    ])
    expect(await cache.get('k7')).toEqual({ i: 7 })
    expect(await cache.ttl('k0')).toBeLessThanOrEqual(60)
    expect(await cache.ttl('k1')).toBeGreaterThan(500)
  })

  it('sends a set made alone as a plain SET, and every set as a SET with coalesceSets off', async () => {
    const { cache, prefix } = await readyCache()
    const { cache: plain } = await readyCache({ keyPrefix: prefix, options: { coalesceSets: false } })
    const wire = await watchCommands(prefix)
    try {
      expect(await cache.set('alone', 1)).toBe(true)
      expect(await Promise.all([plain.set('a', 1), plain.set('b', 2)])).toEqual([true, true])
      await expect.poll(() => wire.seen.length).toBe(3)
    } finally {
      wire.stop()
    }
    expect(wire.seen).toEqual(['SET from client', 'SET from client', 'SET from client'])
  })

  it('keeps order: what is sent after a set in the same tick sees it, also from another cache on the client', async () => {
    const { cache, prefix } = await readyCache()
    const shared = new RedisCache({
      location: cache.getConnection(),
      keyPrefix: prefix,
      options: { closeConnection: false },
    })
    const results = await Promise.all([
      cache.set('x', 1),
      cache.set('y', 2),
      cache.get('x'),
      cache.set('x', 3),
      cache.delete('y'),
      shared.get('x'),
      cache.set('y', 4),
      cache.getMany(['x', 'y']),
      cache.set('z', 5), // getMany sends its MGET a microtask later, after the waiting sets (y and z)
      cache.getMany(['z']),
    ])
    expect(results).toEqual([true, true, 1, true, true, 3, true, { x: 3, y: 4 }, true, { z: 5 }])
    expect(await cache.incr('x', 10)).toBe(13)
  })

  it('sets that wait for the connection keep their order with what follows', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix('sc') })
    const writes = Array.from({ length: 20 }, (_, i) => cache.set(`k${i}`, i))
    const reads = Array.from({ length: 20 }, (_, i) => cache.get(`k${i}`))
    expect(await Promise.all(writes)).toEqual(Array(20).fill(true))
    expect(await Promise.all(reads)).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })

  describe('on a server out of memory', () => {
    let server: RedisStandalone
    beforeAll(async () => {
      server = await startStandalone({ config: ['maxmemory 1', 'maxmemory-policy noeviction'] })
    })
    afterAll(() => server?.stop())

    it('fails each coalesced set as its own SET would (its key in the error), writing nothing', async () => {
      const strict = testCache({ location: server.url, keyPrefix: uniquePrefix('sc') })
      await strict.get('warm')
      const outcomes = await Promise.allSettled([strict.set('a', 1), strict.set('b', 2), strict.set('c', 3)])
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected'])
      expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as unknown) : o.value))).toMatchObject([
        { code: 'E_CONNECTION', context: { key: 'a', reply: 'OOM' } },
        { code: 'E_CONNECTION', context: { key: 'b', reply: 'OOM' } },
        { code: 'E_CONNECTION', context: { key: 'c', reply: 'OOM' } },
      ])
      expect(await strict.getMany(['a', 'b', 'c'])).toEqual({})
      const lenient = testCache({
        location: server.url,
        keyPrefix: uniquePrefix('sc'),
        options: { ignoreExceptions: true },
      })
      expect(await Promise.all([lenient.set('a', 1), lenient.set('b', 2)])).toEqual([false, false])
    })
  })
})
