import { describe, expect, it } from 'vitest'
import { atVersion } from '@cachex-js/structures'
import { TOPOLOGIES } from './support/shared.js'

const sorted = <T>(values: T[]) => [...values].sort((a, b) => String(a).localeCompare(String(b)))

describe.each(TOPOLOGIES)('set commands on $name', ({ cache: makeCache }) => {
  it('sadd / srem / smembers / sismember / smismember / scard', async () => {
    const cache = makeCache()
    expect(await cache.sadd('s', 'a', 'b', 'c', 'a')).toBe(3)
    expect(await cache.sadd('s', 'c', 'd')).toBe(1)
    expect(await cache.sadd('s')).toBe(0)
    expect(sorted(await cache.smembers('s'))).toEqual(['a', 'b', 'c', 'd'])
    expect(await cache.smembers('missing')).toEqual([])
    expect(await cache.sismember('s', 'a')).toBe(true)
    expect(await cache.sismember('s', 'z')).toBe(false)
    expect(await cache.sismember('missing', 'a')).toBe(false)
    expect(await cache.smismember('s', 'a', 'z', 'd')).toEqual([true, false, true])
    expect(await cache.smismember('s')).toEqual([])
    expect(await cache.scard('s')).toBe(4)
    expect(await cache.scard('missing')).toBe(0)
    expect(await cache.srem('s', 'a', 'z')).toBe(1)
    expect(await cache.srem('s')).toBe(0)
    expect(await cache.scard('s')).toBe(3)
  })

  it('spop and srandmember without and with a count', async () => {
    const cache = makeCache()
    await cache.sadd('s', 1, 2, 3, 4)
    const one = await cache.srandmember<number>('s')
    expect([1, 2, 3, 4]).toContain(one)
    const two = await cache.srandmember<number>('s', 2)
    expect(two).toHaveLength(2)
    expect(new Set(two).size).toBe(2)
    expect(await cache.srandmember('s', -6)).toHaveLength(6) // negative: repeats allowed
    expect(await cache.scard('s')).toBe(4)
    const popped = await cache.spop<number>('s')
    expect(await cache.sismember('s', popped)).toBe(false)
    const rest = await cache.spop<number>('s', 10)
    expect(sorted([popped!, ...rest])).toEqual([1, 2, 3, 4])
    expect(await cache.spop('s')).toBeUndefined()
    expect(await cache.spop('s', 2)).toEqual([])
    expect(await cache.srandmember('missing')).toBeUndefined()
    expect(await cache.srandmember('missing', 3)).toEqual([])
    await expect(cache.spop('s', -1)).rejects.toMatchObject({ code: 'E_CONFIG' })
  })

  it('sinter / sunion / sdiff on hash-tagged keys; missing keys are empty sets', async () => {
    const cache = makeCache()
    await cache.sadd('{u1}:likes', 'tea', 'cake', 'jazz')
    await cache.sadd('{u1}:friends-like', 'cake', 'jazz', 'golf')
    expect(sorted(await cache.sinter('{u1}:likes', '{u1}:friends-like'))).toEqual(['cake', 'jazz'])
    expect(sorted(await cache.sunion('{u1}:likes', '{u1}:friends-like'))).toEqual(['cake', 'golf', 'jazz', 'tea'])
    expect(await cache.sdiff('{u1}:likes', '{u1}:friends-like')).toEqual(['tea'])
    expect(await cache.sinter('{u1}:likes', '{u1}:nothing')).toEqual([])
    expect(sorted(await cache.sunion('{u1}:likes', '{u1}:nothing'))).toEqual(['cake', 'jazz', 'tea'])
    expect(await cache.sinter()).toEqual([])
    expect(sorted(await cache.sinter('{u1}:likes'))).toEqual(['cake', 'jazz', 'tea'])
  })

  it('members of any type: unicode, binary, objects, dates', async () => {
    const cache = makeCache()
    const bytes = Buffer.from([0, 1, 0, 1, 0xff])
    const when = new Date('1999-12-31T23:59:59.999Z')
    await cache.sadd('s', 'ключ 🔑', bytes, when, { tags: ['x'] }, 7, 7.5, true)
    expect(await cache.scard('s')).toBe(7)
    expect(
      await cache.smismember('s', 'ключ 🔑', Buffer.from(bytes), new Date(when), { tags: ['x'] }, 7, 7.5, true),
    ).toEqual([true, true, true, true, true, true, true])
    expect(await cache.smismember('s', '7', 1, false, { tags: ['y'] })).toEqual([false, false, false, false])
    const members = await cache.smembers('s')
    expect(members).toContainEqual(when)
    expect(members.find((m) => m instanceof Date)).toBeInstanceOf(Date)
    expect(members.find((m) => Buffer.isBuffer(m))).toEqual(bytes)
    expect(members).toContainEqual({ tags: ['x'] })
  })

  it('reaches other versions: atVersion() for variadic commands, { version } for key lists', async () => {
    const cache = makeCache()
    await cache.sadd('{v}:a', 'x', 'y', atVersion(2))
    await cache.sadd('{v}:b', 'y', atVersion(2))
    await cache.sadd('{v}:a', 'only-v1')
    expect(await cache.sinter('{v}:a', '{v}:b', { version: 2 })).toEqual(['y'])
    expect(await cache.sinter('{v}:a', '{v}:b', atVersion(2))).toEqual(['y'])
    expect(await cache.sdiff('{v}:a', '{v}:b')).toEqual(['only-v1'])
    expect(await cache.smismember('{v}:a', 'x', 'only-v1', atVersion(2))).toEqual([true, false])
    expect(await cache.srem('{v}:a', 'x', atVersion(2))).toBe(1)
    expect(await cache.smembers('{v}:a', { version: 2 })).toEqual(['y'])
    expect(await cache.spop('{v}:b', { version: 2 })).toBe('y')
  })

  it('E_WRONG_TYPE on another type', async () => {
    const cache = makeCache()
    await cache.hset('{t}:hash', 'f', 1)
    await cache.sadd('{t}:set', 'a')
    await expect(cache.sadd('{t}:hash', 'a')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.smembers('{t}:hash')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.sinter('{t}:set', '{t}:hash')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
  })
})
