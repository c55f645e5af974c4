import { describe, expect, it } from 'vitest'
import { ReplicatedTopology, type ClientFactory } from '@cachex-js/redis-client'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

const { standalone } = sharedRedis()

/** The default topology, but claiming no two keys share a slot (as on a cluster): exercises the fallbacks. */
const crossSlot: ClientFactory = (context) => {
  const topology = new ReplicatedTopology(context)
  return {
    kind: 'cross-slot',
    writer: () => topology.writer(),
    reader: () => topology.reader(),
    primaries: () => topology.primaries(),
    clients: () => topology.clients(),
    close: () => topology.close(),
    sameSlot: () => false,
    groupKeys: (keys) => keys.map((_, index) => ({ client: topology.writer(), indexes: [index] })),
  }
}

describe.each([
  ['RENAME', undefined],
  ['DUMP/RESTORE (keys in different slots)', crossSlot],
])('incrVersion via %s', (_, client) => {
  const cache = () =>
    testCache({ location: standalone.url, keyPrefix: uniquePrefix(), options: client ? { client } : {} })

  it('moves the value, keeping its TTL or its persistence', async () => {
    const c = cache()
    await c.set('expiring', { a: 1 }, 600)
    await c.set('forever', 'p', null)
    expect(await c.incrVersion('expiring')).toBe(2)
    expect(await c.incrVersion('forever', 3)).toBe(4)
    expect(await c.hasKey('expiring')).toBe(false)
    expect(await c.get('expiring', undefined, { version: 2 })).toEqual({ a: 1 })
    expect(await c.ttl('expiring', { version: 2 })).toBeGreaterThan(590)
    expect(await c.ttl('forever', { version: 4 })).toBeNull()
    expect(await c.decrVersion('forever', 3, { version: 4 })).toBe(1)
    expect(await c.get('forever')).toBe('p')
  })

  it('overwrites the target and reports a missing key as E_KEY_NOT_FOUND', async () => {
    const c = cache()
    await c.set('k', 'new')
    await c.set('k', 'old', undefined, { version: 2 })
    expect(await c.incrVersion('k')).toBe(2)
    expect(await c.get('k', undefined, { version: 2 })).toBe('new')
    await expect(c.incrVersion('missing')).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' })
    await expect(c.incrVersion('missing', 0)).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' })
  })

  it('keeps multi-key operations working when every key is its own group', async () => {
    const c = cache()
    expect(await c.setMany({ a: 1, b: 2, c: 3 })).toEqual([])
    expect(await c.getMany(['a', 'b', 'c', 'd'])).toEqual({ a: 1, b: 2, c: 3 })
    expect(await c.deleteMany(['a', 'b', 'd'])).toBe(2)
    expect(await c.pipeline().get('c').set('d', 4).get('d').exec()).toEqual([3, true, 4])
  })
})

describe('pipeline', () => {
  it('runs queued operations in one batch and resolves decoded results in order', async () => {
    const c = testCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    await c.set('existing', 'here')
    const pipe = c
      .pipeline()
      .set('a', { deep: [1, 2] }, 60)
      .get('a')
      .get('missing', 'fallback')
      .add('existing', 'nope')
      .set('existing', 'replaced', undefined, { get: true })
      .incr('counter-missing-ok', 1)
    expect(pipe.length).toBe(6)
    await expect(pipe.exec()).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' })
    expect(await c.get('existing')).toBe('replaced') // not a transaction: the other operations ran

    await c.set('n', 10)
    const results = await c
      .pipeline()
      .incr('n', 5)
      .decr('n', 2n)
      .hasKey('n')
      .ttl('n')
      .expire('n', 100)
      .pttl('n')
      .persist('n')
      .touch('n', null)
      .set('v2', 'x', undefined, { version: 2 })
      .get('v2', undefined, { version: 2 })
      .delete('v2', { version: 2 })
      .set('gone', 1, 0)
      .exec()
    expect(results.slice(0, 4)).toEqual([15, 13n, true, 300])
    expect(results[4]).toBe(true)
    expect(results[5]).toBeGreaterThan(99_000)
    expect(results.slice(6)).toEqual([true, true, true, 'x', true, true])
    expect(await c.pipeline().exec()).toEqual([])
  })

  it('throws key and encoding errors when queueing, before anything is sent', async () => {
    const c = testCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    const pipe = c.pipeline().set('a', 1)
    expect(() => pipe.set('b', () => 1)).toThrow(expect.objectContaining({ code: 'E_SERIALIZATION' }))
    expect(() => pipe.get(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'E_INVALID_KEY' }))
    expect(await pipe.exec()).toEqual([true])
    const raw = plainClient(standalone.url)
    expect(await raw.get(c.makeKey('a'))).toBe('1')
  })
})
