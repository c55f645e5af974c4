import { describe, expect, it } from 'vitest'
import { atVersion } from '@cachex-js/structures'
import { TOPOLOGIES } from './support/shared.js'

describe.each(TOPOLOGIES)('sorted set commands on $name', ({ cache: makeCache }) => {
  it('zadd / zcard / zscore / zrank / zrevrank / zrange', async () => {
    const cache = makeCache()
    expect(await cache.zadd('z', { ada: 3, alan: 1, grace: 2 })).toBe(3)
    expect(await cache.zadd('z', { ada: 4 })).toBe(0) // updated, not added
    expect(await cache.zcard('z')).toBe(3)
    expect(await cache.zcard('missing')).toBe(0)
    expect(await cache.zscore('z', 'ada')).toBe(4)
    expect(await cache.zscore('z', 'nobody')).toBeUndefined()
    expect(await cache.zscore('missing', 'ada')).toBeUndefined()
    expect(await cache.zrank('z', 'alan')).toBe(0)
    expect(await cache.zrevrank('z', 'alan')).toBe(2)
    expect(await cache.zrank('z', 'nobody')).toBeUndefined()
    expect(await cache.zrevrank('missing', 'nobody')).toBeUndefined()
    expect(await cache.zrange('z', 0, -1)).toEqual(['alan', 'grace', 'ada'])
    expect(await cache.zrange('z', 0, -1, { desc: true })).toEqual(['ada', 'grace', 'alan'])
    expect(await cache.zrange('z', -2, -1, { withscores: true })).toEqual([
      ['grace', 2],
      ['ada', 4],
    ])
    expect(await cache.zrange('z', 0, 0, { desc: true, withscores: true })).toEqual([['ada', 4]])
    expect(await cache.zrange('missing', 0, -1)).toEqual([])
    expect(await cache.zrange('z', 5, 10)).toEqual([])
  })

  it('zadd flags: nx, xx, gt, lt, ch, incr', async () => {
    const cache = makeCache()
    await cache.zadd('z', { a: 10, b: 20 })
    expect(await cache.zadd('z', { a: 1, c: 30 }, { nx: true })).toBe(1)
    expect(await cache.zscore('z', 'a')).toBe(10) // nx never updates
    expect(await cache.zadd('z', { a: 11, d: 40 }, { xx: true })).toBe(0)
    expect(await cache.zscore('z', 'a')).toBe(11) // xx updates...
    expect(await cache.zscore('z', 'd')).toBeUndefined() // ...and never adds
    expect(await cache.zadd('z', { a: 5, b: 25 }, { gt: true, ch: true })).toBe(1) // only b moves up
    expect(await cache.zscore('z', 'a')).toBe(11)
    expect(await cache.zscore('z', 'b')).toBe(25)
    expect(await cache.zadd('z', { a: 5, b: 99 }, { lt: true, ch: true })).toBe(1) // only a moves down
    expect(await cache.zscore('z', 'a')).toBe(5)
    expect(await cache.zscore('z', 'b')).toBe(25)
    expect(await cache.zadd('z', { a: 6, e: 1 }, { ch: true })).toBe(2) // one changed + one added
    expect(await cache.zadd('z', { a: 1.5 }, { incr: true })).toBe(7.5)
    expect(await cache.zadd('z', { a: 1 }, { incr: true, nx: true })).toBeUndefined() // nx blocks the update
    expect(await cache.zadd('z', { zz: 1 }, { incr: true, xx: true })).toBeUndefined() // xx blocks the add
    expect(await cache.zadd('z', { a: -100 }, { incr: true, gt: true })).toBeUndefined()
    expect(await cache.zscore('z', 'a')).toBe(7.5)
    expect(await cache.zadd('z', {})).toBe(0)
  })

  it('rejects conflicting zadd flags and bad scores with E_CONFIG, sending nothing', async () => {
    const cache = makeCache()
    const bad = [
      { nx: true, xx: true },
      { nx: true, gt: true },
      { nx: true, lt: true },
      { gt: true, lt: true },
    ]
    for (const flags of bad) await expect(cache.zadd('z', { a: 1 }, flags)).rejects.toMatchObject({ code: 'E_CONFIG' })
    await expect(cache.zadd('z', { a: 1, b: 2 }, { incr: true })).rejects.toMatchObject({ code: 'E_CONFIG' })
    await expect(cache.zadd('z', { a: Number.NaN })).rejects.toMatchObject({ code: 'E_CONFIG' })
    await expect(cache.zadd('z', { a: '1' as unknown as number })).rejects.toMatchObject({ code: 'E_CONFIG' })
    expect(await cache.zcard('z')).toBe(0)
  })

  it('infinite scores, zcount and zrangebyscore with bounds and paging', async () => {
    const cache = makeCache()
    await cache.zadd('z', { low: -Infinity, a: 1, b: 2, c: 3, high: Infinity })
    expect(await cache.zscore('z', 'high')).toBe(Infinity)
    expect(await cache.zscore('z', 'low')).toBe(-Infinity)
    expect(await cache.zcount('z', 1, 3)).toBe(3)
    expect(await cache.zcount('z', '(1', 3)).toBe(2)
    expect(await cache.zcount('z', '-inf', '+inf')).toBe(5)
    expect(await cache.zcount('z', -Infinity, Infinity)).toBe(5)
    expect(await cache.zcount('missing', 0, 1)).toBe(0)
    expect(await cache.zrangebyscore('z', 1, 3)).toEqual(['a', 'b', 'c'])
    expect(await cache.zrangebyscore('z', '(1', '(3')).toEqual(['b'])
    expect(await cache.zrangebyscore('z', 1, '+inf', { withscores: true })).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['high', Infinity],
    ])
    expect(await cache.zrangebyscore('z', '-inf', '+inf', { offset: 1, count: 2 })).toEqual(['a', 'b'])
    expect(await cache.zrangebyscore('z', '-inf', '+inf', { count: 1 })).toEqual(['low'])
    expect(await cache.zrangebyscore('z', '-inf', '+inf', { offset: 4 })).toEqual(['high'])
    await expect(cache.zcount('z', 'abc', 1)).rejects.toMatchObject({ code: 'E_CONFIG' })
    await expect(cache.zrangebyscore('z', 0, 1, { offset: -1 })).rejects.toMatchObject({ code: 'E_CONFIG' })
  })

  it('zincrby, zrem, zremrangebyrank, zmscore', async () => {
    const cache = makeCache()
    expect(await cache.zincrby('z', 5, 'a')).toBe(5)
    expect(await cache.zincrby('z', -1.5, 'a')).toBe(3.5)
    await cache.zadd('z', { b: 1, c: 2, d: 10 })
    expect(await cache.zmscore('z', 'a', 'nobody', 'd')).toEqual([3.5, undefined, 10])
    expect(await cache.zmscore('z')).toEqual([])
    expect(await cache.zmscore('missing', 'a')).toEqual([undefined])
    expect(await cache.zrem('z', 'b', 'nobody')).toBe(1)
    expect(await cache.zrem('z')).toBe(0)
    expect(await cache.zrange('z', 0, -1)).toEqual(['c', 'a', 'd'])
    expect(await cache.zremrangebyrank('z', -2, -1)).toBe(2) // negative ranks: the two highest
    expect(await cache.zrange('z', 0, -1)).toEqual(['c'])
    await cache.zadd('z', { inf: Infinity })
    await expect(cache.zincrby('z', -Infinity, 'inf')).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    expect(await cache.zincrby('z', Infinity, 'x')).toBe(Infinity)
    await expect(cache.zincrby('z', Number.NaN, 'x')).rejects.toMatchObject({ code: 'E_CONFIG' })
  })

  it('zpopmin / zpopmax return [member, score] pairs, [] when empty', async () => {
    const cache = makeCache()
    await cache.zadd('z', { a: 1, b: 2, c: 3, d: 4 })
    expect(await cache.zpopmin('z')).toEqual([['a', 1]])
    expect(await cache.zpopmax('z')).toEqual([['d', 4]])
    expect(await cache.zpopmin('z', 5)).toEqual([
      ['b', 2],
      ['c', 3],
    ])
    expect(await cache.zpopmax('z', 2)).toEqual([])
    expect(await cache.zpopmin('missing')).toEqual([])
  })

  it('members of any type: unicode, binary, objects, dates (compared by their encoded bytes)', async () => {
    const cache = makeCache()
    const bytes = Buffer.from([0, 0xff, 0x10, 0x00])
    const when = new Date('2030-01-01T00:00:00.000Z')
    const point = { x: 1, y: [2, 3] }
    const mapping = new Map<unknown, number>([
      ['żółw 🐢', 1],
      [bytes, 2],
      [when, 3],
      [point, 4],
      [42, 5],
      [0.5, 6],
    ])
    expect(await cache.zadd('z', mapping)).toBe(6)
    const members = await cache.zrange('z', 0, -1)
    expect(members).toEqual(['żółw 🐢', bytes, when, point, 42, 0.5])
    expect(members[2]).toBeInstanceOf(Date)
    expect(Buffer.isBuffer(members[1])).toBe(true)
    expect(await cache.zscore('z', { x: 1, y: [2, 3] })).toBe(4) // an equal object finds the member
    expect(await cache.zscore('z', new Date(when.getTime()))).toBe(3)
    expect(await cache.zscore('z', Buffer.from(bytes))).toBe(2)
    expect(await cache.zrank('z', 42)).toBe(4)
    expect(await cache.zscore('z', '42')).toBeUndefined() // the string '42' is another member
    expect(await cache.zincrby('z', 1, point)).toBe(5)
    expect(await cache.zrem('z', when, 0.5)).toBe(2)
    expect(await cache.zcard('z')).toBe(4)
  })

  it('reaches other versions, variadic commands through atVersion()', async () => {
    const cache = makeCache()
    await cache.zadd('z', { a: 1 })
    await cache.zadd('z', { a: 2, b: 3 }, { version: 7 })
    expect(await cache.zscore('z', 'a', { version: 7 })).toBe(2)
    expect(await cache.zmscore('z', 'a', 'b', atVersion(7))).toEqual([2, 3])
    expect(await cache.zrem('z', 'a', atVersion(7))).toBe(1)
    expect(await cache.zrange('z', 0, -1, { version: 7 })).toEqual(['b'])
    expect(await cache.zrange('z', 0, -1)).toEqual(['a'])
    expect(await cache.zpopmax('z', { version: 7 })).toEqual([['b', 3]])
    expect(await cache.zcard('z', { version: 7 })).toBe(0)
  })

  it('a member that is an options-looking object is still a member', async () => {
    const cache = makeCache()
    await cache.zadd('z', new Map([[{ version: 2 }, 1]]))
    expect(await cache.zmscore('z', { version: 2 })).toEqual([1])
    expect(await cache.zrem('z', { version: 2 })).toBe(1)
  })

  it('E_WRONG_TYPE on another type', async () => {
    const cache = makeCache()
    await cache.rpush('list', 'x')
    await expect(cache.zadd('list', { a: 1 })).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.zrange('list', 0, -1)).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.zscore('list', 'a')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
  })
})
