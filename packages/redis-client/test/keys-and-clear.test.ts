import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

const { standalone } = sharedRedis()

describe('keys, deletePattern and clear', () => {
  it('escapes glob characters in the prefix: a prefix like "a*" only matches its own keys', async () => {
    const base = uniquePrefix()
    const star = testCache({ location: standalone.url, keyPrefix: `${base}a*[x]?` })
    const other = testCache({ location: standalone.url, keyPrefix: `${base}ab[x]c` })
    await star.setMany({ one: 1, two: 2 })
    await other.setMany({ one: 1, three: 3 })
    expect((await star.keys()).sort()).toEqual(['one', 'two'])
    expect((await other.keys()).sort()).toEqual(['one', 'three'])
    expect(await star.deletePattern('*')).toBe(2)
    expect((await other.keys()).sort()).toEqual(['one', 'three'])
  })

  it('matches user-key patterns and versions; SCAN in small steps covers everything', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix(), options: { scanItersize: 3 } })
    const entries = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`user:${i}`, i]))
    await cache.setMany(entries)
    await cache.set('user:x', 'v2', undefined, { version: 2 })
    await cache.set('other', 1)
    expect((await cache.keys('user:*')).length).toBe(40)
    expect(await cache.keys('user:?', { version: 2 })).toEqual(['user:x'])
    const iterated: string[] = []
    for await (const key of cache.iterKeys('user:1*', { itersize: 2 })) iterated.push(key)
    expect(iterated.sort()).toEqual(['user:1', ...Array.from({ length: 10 }, (_, i) => `user:1${i}`)].sort())
    expect(await cache.deletePattern('user:*', { itersize: 5 })).toBe(40)
    expect((await cache.keys()).sort()).toEqual(['other'])
  })

  it('clear with a prefix removes every version of its keys and nothing else', async () => {
    const base = uniquePrefix()
    const cache = testCache({ location: standalone.url, keyPrefix: `${base}-mine` })
    const neighbour = testCache({ location: standalone.url, keyPrefix: `${base}-mine2` })
    await cache.set('a', 1)
    await cache.set('a', 2, undefined, { version: 7 })
    await neighbour.set('a', 3)
    await cache.clear({ version: 7 })
    expect(await cache.get('a', undefined, { version: 7 })).toBeUndefined()
    expect(await cache.get('a')).toBe(1)
    await cache.clear()
    expect(await cache.get('a')).toBeUndefined()
    expect(await neighbour.get('a')).toBe(3)
  })

  describe('on a dedicated server', () => {
    let server: RedisStandalone
    beforeAll(async () => {
      server = await startStandalone()
    })
    afterAll(() => server?.stop())

    it('clear without a prefix flushes the whole database, like Django', async () => {
      const cache = testCache({ location: `${server.url}/3` })
      const other = plainClient(`${server.url}/3`)
      const otherDb = plainClient(`${server.url}/4`)
      await other.set('foreign', 'x')
      await otherDb.set('elsewhere', 'y')
      await cache.set('mine', 1)
      await cache.clear()
      expect(await other.dbsize()).toBe(0)
      expect(await otherDb.get('elsewhere')).toBe('y')
    })

    it('clear({ version }) without a prefix removes only that version', async () => {
      const cache = testCache({ location: `${server.url}/5` })
      await cache.set('k', 1)
      await cache.set('k', 2, undefined, { version: 2 })
      await cache.clear({ version: 2 })
      expect(await cache.get('k')).toBe(1)
      expect(await cache.get('k', undefined, { version: 2 })).toBeUndefined()
    })
  })
})

describe('reinsertKeys', () => {
  it('rewrites values with the current codec, keeping TTLs and persistence', async () => {
    const prefix = uniquePrefix()
    const before = testCache({ location: standalone.url, keyPrefix: prefix, options: { serializer: 'cbor' } })
    await before.set('expiring', { a: 1 }, 600)
    await before.set('forever', ['x', 'y'], null)
    await before.set('count', 5, 600)
    await before.set('old version', 'v1', null, { version: 0 })
    const other = plainClient(standalone.url)
    await other.set(`${prefix}:1:garbage`, Buffer.from([0, 1, 4, 0x6e, 0x6f, 0x70, 0x65, 0]))
    const cborBytes = await other.getBuffer(before.makeKey('expiring'))
    expect(cborBytes![0]).toBe(0) // a cachex frame

    const after = testCache({
      location: standalone.url,
      keyPrefix: prefix,
      options: { serializer: ['json', 'cbor'], compressor: 'none' },
    })
    expect(await after.reinsertKeys()).toBe(4) // the undecodable value is left alone
    expect(JSON.parse((await other.get(after.makeKey('expiring')))!)).toEqual({ a: 1 }) // plain JSON now
    expect(JSON.parse((await other.get(after.makeKey('forever')))!)).toEqual(['x', 'y'])
    expect(await other.get(after.makeKey('count'))).toBe('5')
    expect(await after.get('old version', undefined, { version: 0 })).toBe('v1')
    const ttl = await after.ttl('expiring')
    expect(ttl).toBeGreaterThan(500)
    expect(await after.ttl('forever')).toBeNull()
    expect((await other.getBuffer(`${prefix}:1:garbage`))![2]).toBe(4)
    expect(await after.get('expiring')).toEqual({ a: 1 })
  })
})
