import { describe, expect, it } from 'vitest'
import { atVersion } from '@cachex-js/structures'
import { TOPOLOGIES } from './support/shared.js'

describe.each(TOPOLOGIES)('hash commands on $name', ({ cache: makeCache }) => {
  it('hset / hget / hexists / hlen / hdel with redis-py shapes', async () => {
    const cache = makeCache()
    expect(await cache.hset('h', 'name', 'Ada')).toBe(1)
    expect(await cache.hset('h', 'name', 'Ada Lovelace')).toBe(0)
    expect(await cache.hget('h', 'name')).toBe('Ada Lovelace')
    expect(await cache.hget('h', 'missing')).toBeUndefined()
    expect(await cache.hget('no-such-hash', 'name')).toBeUndefined()
    expect(await cache.hexists('h', 'name')).toBe(true)
    expect(await cache.hexists('h', 'missing')).toBe(false)
    expect(await cache.hlen('h')).toBe(1)
    expect(await cache.hlen('no-such-hash')).toBe(0)
    await cache.hset('h', 'a', 1)
    await cache.hset('h', 'b', 2)
    expect(await cache.hdel('h', 'a', 'b', 'nope')).toBe(2)
    expect(await cache.hdel('h')).toBe(0)
    expect(await cache.hkeys('h')).toEqual(['name'])
  })

  it('keeps a stored null as null and tells it apart from a missing field', async () => {
    const cache = makeCache()
    await cache.hset('h', 'nothing', null)
    await cache.hset('h', 'undef', undefined)
    expect(await cache.hget('h', 'nothing')).toBeNull()
    expect(await cache.hexists('h', 'undef')).toBe(true)
    expect(await cache.hmget('h', 'nothing', 'missing')).toEqual([null, undefined])
  })

  it('round-trips unicode fields, binary values and complex values', async () => {
    const cache = makeCache()
    const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x0d, 0x0a])
    const when = new Date('2024-02-29T12:34:56.789Z')
    const doc = { nested: { list: [1, 'two', { three: 3n }] }, map: new Map([['k', new Set([1, 2])]]) }
    await cache.hmset('h', { 'naïve 🧪 字段': 'ünïcødé ✓', bytes, when, doc, float: 1.25, big: 2n ** 70n })
    expect(await cache.hget('h', 'naïve 🧪 字段')).toBe('ünïcødé ✓')
    const got = await cache.hget<Buffer>('h', 'bytes')
    expect(Buffer.isBuffer(got) && got.equals(bytes)).toBe(true)
    expect(await cache.hget('h', 'when')).toEqual(when)
    expect(await cache.hget('h', 'when')).toBeInstanceOf(Date)
    expect(await cache.hget('h', 'doc')).toEqual(doc)
    expect(await cache.hget('h', 'float')).toBe(1.25)
    expect(await cache.hget('h', 'big')).toBe(2n ** 70n)
    const all = await cache.hgetall('h')
    expect(Object.keys(all).sort()).toEqual(['big', 'bytes', 'doc', 'float', 'naïve 🧪 字段', 'when'].sort())
    expect(all.when).toEqual(when)
    expect(await cache.hvals('h')).toHaveLength(6)
    expect(await cache.hgetall('no-such-hash')).toEqual({})
    expect(await cache.hvals('no-such-hash')).toEqual([])
    expect(await cache.hkeys('no-such-hash')).toEqual([])
  })

  it('hgetall keeps a field named __proto__ as an own field', async () => {
    const cache = makeCache()
    await cache.hset('h', '__proto__', 'x')
    const all = await cache.hgetall('h')
    expect(Object.keys(all)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(all, '__proto__')?.value).toBe('x')
  })

  it('hincrby works on integers written by hset, exactly beyond 2^53 with bigint', async () => {
    const cache = makeCache()
    await cache.hset('h', 'visits', 10)
    expect(await cache.hincrby('h', 'visits')).toBe(11)
    expect(await cache.hincrby('h', 'visits', -20)).toBe(-9)
    expect(await cache.hincrby('h', 'new')).toBe(1)
    expect(await cache.hget('h', 'visits')).toBe(-9)
    await cache.hset('h', 'huge', 2n ** 60n)
    expect(await cache.hincrby('h', 'huge', 3n)).toBe(2n ** 60n + 3n)
    expect(await cache.hget('h', 'huge')).toBe(2n ** 60n + 3n)
    await cache.hset('h', 'text', 'abc')
    await expect(cache.hincrby('h', 'text')).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    await expect(cache.hincrby('h', 'visits', 1.5)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    await cache.hset('h', 'max', 2n ** 63n - 1n)
    await expect(cache.hincrby('h', 'max', 1)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
  })

  it('hincrbyfloat works on integers and floats written by hset', async () => {
    const cache = makeCache()
    await cache.hset('h', 'price', 9.5)
    expect(await cache.hincrbyfloat('h', 'price', 0.25)).toBe(9.75)
    expect(await cache.hget('h', 'price')).toBe(9.75)
    await cache.hset('h', 'n', 2)
    expect(await cache.hincrbyfloat('h', 'n')).toBe(3)
    expect(await cache.hincrby('h', 'n', 1)).toBe(4) // HINCRBYFLOAT wrote "3": still an integer
    expect(await cache.hincrbyfloat('h', 'fresh', -1.5)).toBe(-1.5)
    await cache.hset('h', 'text', 'abc')
    await expect(cache.hincrbyfloat('h', 'text', 1)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    await expect(cache.hincrbyfloat('h', 'n', Number.NaN)).rejects.toMatchObject({ code: 'E_CONFIG' })
  })

  it('hmget, hmset from a Map or pairs, hsetnx', async () => {
    const cache = makeCache()
    expect(
      await cache.hmset(
        'h',
        new Map<string, unknown>([
          ['a', 1],
          ['b', { x: 1 }],
        ]),
      ),
    ).toBe(true)
    expect(await cache.hmset('h', [['c', 'three']])).toBe(true)
    expect(await cache.hmset('h', {})).toBe(true)
    expect(await cache.hmget('h', 'a', 'b', 'c', 'd')).toEqual([1, { x: 1 }, 'three', undefined])
    expect(await cache.hmget('h')).toEqual([])
    expect(await cache.hmget('no-such-hash', 'a')).toEqual([undefined])
    expect(await cache.hsetnx('h', 'a', 100)).toBe(false)
    expect(await cache.hsetnx('h', 'z', 100)).toBe(true)
    expect(await cache.hget('h', 'a')).toBe(1)
    expect(await cache.hget('h', 'z')).toBe(100)
  })

  it('reaches other versions: { version } last, also in hdel/hmget', async () => {
    const cache = makeCache()
    await cache.hset('h', 'f', 'v1')
    await cache.hset('h', 'f', 'v2', { version: 2 })
    expect(await cache.hget('h', 'f')).toBe('v1')
    expect(await cache.hget('h', 'f', { version: 2 })).toBe('v2')
    expect(await cache.hmget('h', 'f', { version: 2 })).toEqual(['v2'])
    expect(await cache.hmget('h', 'f', atVersion(2))).toEqual(['v2'])
    expect(await cache.hdel('h', 'f', { version: 2 })).toBe(1)
    expect(await cache.hget('h', 'f', { version: 2 })).toBeUndefined()
    expect(await cache.hget('h', 'f')).toBe('v1')
    expect(await cache.hlen('h', { version: 2 })).toBe(0)
  })

  it('rejects non-string fields with E_INVALID_KEY and wrong types with E_WRONG_TYPE', async () => {
    const cache = makeCache()
    await expect(cache.hset('h', 1 as unknown as string, 'v')).rejects.toMatchObject({ code: 'E_INVALID_KEY' })
    await expect(cache.hget(1 as unknown as string, 'f')).rejects.toMatchObject({ code: 'E_INVALID_KEY' })
    await cache.set('plain', 'value')
    await expect(cache.hget('plain', 'f')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.hset('plain', 'f', 1)).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.hincrby('plain', 'f')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.hgetall('plain')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await cache.hset('hash', 'f', 1)
    await expect(cache.get('hash')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    expect(await cache.get('plain')).toBe('value')
  })
})
