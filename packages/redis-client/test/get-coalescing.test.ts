/**
 * Get coalescing (get-batch.ts, `coalesceGets`): the plain gets made after the first command of a tick on one
 * connection reach Redis as one MGET (with an EXISTS), in order with everything else sent, and give each caller
 * exactly what its own GET would: its value or default, and `E_WRONG_TYPE` for a key of another type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Redis } from 'ioredis'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import { RedisCache, type RedisCacheConfig } from '@cachex-js/redis-client'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'
import { countWrites } from './support/socket-writes.js'
import { LARGE_VALUE_BYTES, PLAIN_GETS_AFTER_LARGE_VALUES } from '../src/get-batch.js'

const { standalone } = sharedRedis()

/** The commands the server runs on keys with `prefix` (names, upper case, in order). */
async function watchCommands(url: string, prefix: string): Promise<{ seen: string[]; stop: () => void }> {
  const seen: string[] = []
  const monitor = await plainClient(url).monitor()
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.some((arg) => arg.includes(prefix))) seen.push(args[0]!.toUpperCase())
  })
  return { seen, stop: () => monitor.disconnect() }
}

async function readyCache(config: Partial<RedisCacheConfig> = {}) {
  const prefix = uniquePrefix('gc')
  const cache = testCache({ location: standalone.url, keyPrefix: prefix, ...config })
  await cache.set('warm', 'w') // connected
  return { cache, prefix }
}

describe('get coalescing', () => {
  it('sends the first get of a tick at once, the rest as an MGET and an EXISTS per 32 keys', async () => {
    const { cache, prefix } = await readyCache()
    await cache.setMany(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i * 2}`, { i: i * 2 }])))
    const writes = countWrites((cache.getConnection() as Redis).stream)
    const wire = await watchCommands(standalone.url, prefix)
    try {
      const reads = Array.from({ length: 50 }, (_, i) => cache.get(`k${i}`, `default${i}`))
      // The first GET left at once (the last tick sent one command: see write-coalescing.ts), a full batch of 32
      // right after it, and the other 17 wait for the end of the tick.
      expect(writes.count).toBe(2)
      expect(await Promise.all(reads)).toEqual(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? { i } : `default${i}`)),
      )
      expect(writes.count).toBe(3)
      await expect.poll(() => wire.seen.length).toBe(5)
    } finally {
      wire.stop()
    }
    expect(wire.seen).toEqual(['GET', 'MGET', 'EXISTS', 'MGET', 'EXISTS'])
  })

  it('sends a get made alone as a plain GET, and every get as a GET with coalesceGets off', async () => {
    const { cache, prefix } = await readyCache()
    const { cache: plain } = await readyCache({ keyPrefix: prefix, options: { coalesceGets: false } })
    const wire = await watchCommands(standalone.url, prefix)
    try {
      expect(await cache.get('warm')).toBe('w')
      expect(await Promise.all([plain.get('warm'), plain.get('none', 0), plain.get('warm')])).toEqual(['w', 0, 'w'])
      await expect.poll(() => wire.seen.length).toBe(4)
    } finally {
      wire.stop()
    }
    expect(wire.seen).toEqual(['GET', 'GET', 'GET', 'GET'])
  })

  it('fails a get of a key of another type with E_WRONG_TYPE in a batch too, and only that get', async () => {
    const { cache, prefix } = await readyCache()
    await plainClient(standalone.url).hset(`${prefix}:1:hash`, 'f', 'v')
    const wire = await watchCommands(standalone.url, prefix)
    const outcomes = await Promise.allSettled([
      cache.get('warm'),
      cache.get('warm'),
      cache.get('hash'),
      cache.get('missing', 'd'),
      cache.get('warm'),
    ])
    await expect.poll(() => wire.seen.length).toBe(5) // MONITOR reports on its own connection: wait for it
    wire.stop()
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as unknown)))).toMatchObject([
      'w',
      'w',
      { code: 'E_WRONG_TYPE', context: { operation: 'get', key: 'hash' } },
      'd',
      'w',
    ])
    // MGET reads the hash as missing; EXISTS finds one key more than MGET found values, so the keys MGET
    // found nothing for are read again on their own.
    expect(wire.seen).toEqual(['GET', 'MGET', 'EXISTS', 'GET', 'GET'])
  })

  it('keeps order with sets, deletes and another cache on the client, in one socket write', async () => {
    const { cache, prefix } = await readyCache()
    const shared = new RedisCache({
      location: cache.getConnection(),
      keyPrefix: prefix,
      options: { closeConnection: false },
    })
    const writes = countWrites((cache.getConnection() as Redis).stream)
    const results = await Promise.all([
      cache.get('x', 'none'),
      cache.get('x', 'none'),
      cache.set('x', 1),
      cache.get('x'),
      shared.get('x'),
      cache.set('x', 2),
      cache.set('y', 3),
      cache.get('x'),
      cache.get('y'),
      cache.delete('x'),
      cache.get('x', 'gone'),
      shared.get('y'),
    ])
    expect(results).toEqual(['none', 'none', true, 1, 1, true, true, 2, 3, true, 'gone', 3])
    expect(writes.count).toBe(1)
  })

  it('gets made while the connection is being made are answered in order with what follows', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix('gc') })
    const before = Array.from({ length: 10 }, (_, i) => cache.get(`k${i}`, 'none'))
    const writes = Array.from({ length: 10 }, (_, i) => cache.set(`k${i}`, i))
    const after = Array.from({ length: 10 }, (_, i) => cache.get(`k${i}`))
    expect(await Promise.all(before)).toEqual(Array(10).fill('none'))
    expect(await Promise.all(writes)).toEqual(Array(10).fill(true))
    expect(await Promise.all(after)).toEqual(Array.from({ length: 10 }, (_, i) => i))
  })

  it('reads a key MGET missed again only to find a wrong type: a set made after the get is not seen', async () => {
    const { cache, prefix } = await readyCache()
    await plainClient(standalone.url).hset(`${prefix}:1:hash`, 'f', 'v')
    const results = await Promise.allSettled([
      cache.get('warm'),
      cache.get('a', 'none'),
      cache.get('hash'),
      cache.set('a', 1), // sent after the batch, before the batch's missing keys are read again
    ])
    expect(results.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as unknown)))).toMatchObject([
      'w',
      'none',
      { code: 'E_WRONG_TYPE', context: { key: 'hash' } },
      true,
    ])
    expect(await cache.get('a')).toBe(1)
  })

  it('sends the waiting gets before closing: calls made before close() are answered', async () => {
    const { cache } = await readyCache()
    const reads = [cache.get('warm'), cache.get('warm'), cache.get('none', 'd')]
    const closed = cache.close()
    expect(await Promise.all(reads)).toEqual(['w', 'w', 'd'])
    await closed
  })

  it('leaves a socket someone else corked alone: gets go out one by one when it is uncorked', async () => {
    const { cache } = await readyCache()
    const socket = (cache.getConnection() as Redis).stream
    socket.cork()
    const reads = [cache.get('warm'), cache.get('warm'), cache.get('none', 'd')]
    setImmediate(() => socket.uncork())
    expect(await Promise.all(reads)).toEqual(['w', 'w', 'd'])
  })

  it('after a batch of large values, sends the next gets one by one for a while, then coalesces again', async () => {
    const { cache, prefix } = await readyCache()
    const big = 'x'.repeat(LARGE_VALUE_BYTES)
    await cache.setMany({ big1: big, big2: big, small: 's' })
    const wire = await watchCommands(standalone.url, prefix)
    try {
      expect(await Promise.all([cache.get('warm'), cache.get('big1'), cache.get('big2')])).toEqual(['w', big, big])
      await expect.poll(() => wire.seen.join()).toBe('GET,MGET,EXISTS')
      // small values now, yet one by one: the first of each tick was never counted
      const small = 1 + PLAIN_GETS_AFTER_LARGE_VALUES
      const reads = await Promise.all(Array.from({ length: small }, () => cache.get('small')))
      expect(reads.every((value) => value === 's')).toBe(true)
      await expect.poll(() => wire.seen.length).toBe(3 + small)
      expect(new Set(wire.seen.slice(3))).toEqual(new Set(['GET']))
      expect(await Promise.all([cache.get('warm'), cache.get('small'), cache.get('small')])).toEqual(['w', 's', 's'])
      await expect.poll(() => wire.seen.length).toBe(3 + small + 3)
    } finally {
      wire.stop()
    }
    expect(wire.seen.slice(-3)).toEqual(['GET', 'MGET', 'EXISTS'])
  })

  it('keeps coalescing values just below the large size', async () => {
    const { cache, prefix } = await readyCache()
    const below = 'y'.repeat(LARGE_VALUE_BYTES - 64) // serialized, still below
    await cache.setMany({ a: below, b: below })
    const wire = await watchCommands(standalone.url, prefix)
    try {
      for (let i = 0; i < 2; i++) {
        expect(await Promise.all([cache.get('warm'), cache.get('a'), cache.get('b')])).toEqual(['w', below, below])
      }
      await expect.poll(() => wire.seen.length).toBe(6)
    } finally {
      wire.stop()
    }
    expect(wire.seen).toEqual(['GET', 'MGET', 'EXISTS', 'GET', 'MGET', 'EXISTS'])
  })

  describe('when the batch fails', () => {
    let server: RedisStandalone
    beforeAll(async () => {
      server = await startStandalone()
    })
    afterAll(() => server?.stop())

    it('sends each get again on its own when the server refuses MGET (an ACL), then stops coalescing', async () => {
      const admin = plainClient(server.url)
      // A user who may GET but not MGET.
      await admin.call('ACL', 'SETUSER', 'reader', 'on', '>secret', '~*', '+@all', '-mget')
      await admin.call('ACL', 'LOG', 'RESET')
      const url = `redis://reader:secret@${server.host}:${server.port}`
      const cache = testCache({ location: url, keyPrefix: uniquePrefix('gc') })
      await cache.set('a', 1)
      expect(await Promise.all([cache.get('a'), cache.get('a'), cache.get('b', 'd')])).toEqual([1, 1, 'd'])
      const refusals = async () => ((await admin.call('ACL', 'LOG')) as unknown[]).length
      expect(await refusals()).toBe(1)
      expect(await Promise.all([cache.get('a'), cache.get('a'), cache.get('b', 'd')])).toEqual([1, 1, 'd'])
      expect(await refusals()).toBe(1) // no second MGET
    })

    it('rejects each caller with the batch error and its own key', async () => {
      const cache = testCache({
        location: server.url,
        keyPrefix: uniquePrefix('gc'),
        options: { socketTimeout: 0.2 },
      })
      await cache.set('a', 1)
      await plainClient(server.url).call('CLIENT', 'PAUSE', '1000', 'ALL')
      const outcomes = await Promise.allSettled([cache.get('a'), cache.get('b'), cache.get('c')])
      expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as unknown) : o))).toMatchObject([
        { code: 'E_TIMEOUT', context: { operation: 'get', key: 'a' } },
        { code: 'E_TIMEOUT', context: { operation: 'get', key: 'b' } },
        { code: 'E_TIMEOUT', context: { operation: 'get', key: 'c' } },
      ])
    })
  })
})
