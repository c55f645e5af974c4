/**
 * Write coalescing (write-coalescing.ts): the commands a cache sends on one connection within one tick
 * leave in one socket write, in order, and a command sent alone is not held back.
 */
import { describe, expect, it } from 'vitest'
import type { Redis } from 'ioredis'
import { sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'
import { EARLY_FLUSH_AT } from '../src/write-coalescing.js'
import { countWrites } from './support/socket-writes.js'

const { standalone } = sharedRedis()

/** A cache whose gets are not coalesced into MGETs (get-batch.ts): one command per call, as the tests count. */
async function readyCache() {
  const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix('wc'), options: { coalesceGets: false } })
  await cache.set('warm', 1)
  const client = cache.getConnection() as Redis
  return { cache, socket: client.stream }
}

describe('write coalescing', () => {
  it('sends the commands of one tick in one socket write, answering each in order', async () => {
    const { cache, socket } = await readyCache()
    const writes = countWrites(socket)
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`)
    const results = await Promise.all([
      ...keys.map((key, i) => cache.set(key, { i })),
      ...keys.map((key) => cache.get(key)),
      cache.delete('k0'),
      cache.get('k0', 'gone'),
    ])
    expect(writes.count).toBe(1)
    expect(results.slice(0, 20)).toEqual(Array(20).fill(true))
    expect(results.slice(20, 40)).toEqual(keys.map((_, i) => ({ i })))
    expect(results.slice(40)).toEqual([true, 'gone'])
  })

  it('sends a busy tick in two writes: the first commands early, so Redis works while the rest are built', async () => {
    const { cache, socket } = await readyCache()
    const writes = countWrites(socket)
    const reads = Array.from({ length: 100 }, (_, i) => cache.get(`missing${i}`, i))
    expect(writes.count).toBe(1) // the first EARLY_FLUSH_AT - 1 left while the tick was still running
    expect(await Promise.all(reads)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(writes.count).toBe(2)
    expect(EARLY_FLUSH_AT).toBeLessThan(100)
  })

  it('sends a command sent alone at once, one write per awaited call', async () => {
    const { cache, socket } = await readyCache()
    const writes = countWrites(socket)
    expect(await cache.set('a', 'x')).toBe(true)
    expect(await cache.get('a')).toBe('x')
    expect(await cache.delete('a')).toBe(true)
    expect(writes.count).toBe(3)
    expect(socket.writableCorked).toBe(0)
  })

  it('leaves the socket uncorked once the tick ends, also when a command fails', async () => {
    const { cache, socket } = await readyCache()
    await cache.set('text', 'not a number')
    const failing = cache.incr('text')
    const read = cache.get('text')
    expect(socket.writableCorked).toBe(1)
    await expect(failing).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    expect(await read).toBe('not a number')
    expect(socket.writableCorked).toBe(0)
  })

  it("writes a lone caller's command at once, uncorked, and corks the rest of a tick that turns busy", async () => {
    const { cache, socket } = await readyCache()
    await cache.get('a') // a tick of one command: the socket is quiet
    const writes = countWrites(socket)
    const first = cache.get('a', 1)
    expect([writes.count, socket.writableCorked]).toEqual([1, 0])
    const second = cache.get('b', 2)
    const third = cache.get('c', 3)
    expect([writes.count, socket.writableCorked]).toEqual([1, 1])
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3])
    expect(writes.count).toBe(2)
    // That tick sent three commands: the next one's first command is corked until the tick ends.
    const next = cache.get('d', 4)
    expect([writes.count, socket.writableCorked]).toEqual([2, 1])
    expect(await next).toBe(4)
    expect([writes.count, socket.writableCorked]).toEqual([3, 0])
  })
})
