import { describe, expect, it } from 'vitest'
import { atVersion } from '@cachex-js/structures'
import { TOPOLOGIES } from './support/shared.js'

describe.each(TOPOLOGIES)('list commands on $name', ({ cache: makeCache }) => {
  it('lpush / rpush / llen / lrange / lindex with negative indexes', async () => {
    const cache = makeCache()
    expect(await cache.rpush('l', 'b', 'c')).toBe(2)
    expect(await cache.lpush('l', 'a0', 'a')).toBe(4) // lpush(a0, a) leaves a first
    expect(await cache.lrange('l', 0, -1)).toEqual(['a', 'a0', 'b', 'c'])
    expect(await cache.lrange('l', -2, -1)).toEqual(['b', 'c'])
    expect(await cache.lrange('l', 1, 100)).toEqual(['a0', 'b', 'c'])
    expect(await cache.lrange('missing', 0, -1)).toEqual([])
    expect(await cache.llen('l')).toBe(4)
    expect(await cache.llen('missing')).toBe(0)
    expect(await cache.lindex('l', 0)).toBe('a')
    expect(await cache.lindex('l', -1)).toBe('c')
    expect(await cache.lindex('l', 10)).toBeUndefined()
    expect(await cache.lindex('missing', 0)).toBeUndefined()
    expect(await cache.rpush('l')).toBe(4) // no values: the length, nothing pushed
  })

  it('lpop / rpop without and with a count', async () => {
    const cache = makeCache()
    await cache.rpush('l', 1, 2, 3, 4, 5)
    expect(await cache.lpop('l')).toBe(1)
    expect(await cache.rpop('l')).toBe(5)
    expect(await cache.lpop('l', 2)).toEqual([2, 3])
    expect(await cache.rpop('l', 10)).toEqual([4])
    expect(await cache.lpop('l')).toBeUndefined()
    expect(await cache.rpop('l')).toBeUndefined()
    expect(await cache.lpop('l', 3)).toEqual([])
    expect(await cache.rpop('missing', 3)).toEqual([])
    await cache.rpush('l', 'x')
    expect(await cache.lpop('l', 0)).toEqual([])
    await expect(cache.lpop('l', -1)).rejects.toMatchObject({ code: 'E_CONFIG' })
    expect(await cache.llen('l')).toBe(1)
  })

  it('keeps null and undefined elements as themselves', async () => {
    const cache = makeCache()
    await cache.rpush('l', null, undefined, 0, '', false)
    expect(await cache.lrange('l', 0, -1)).toEqual([null, undefined, 0, '', false])
    expect(await cache.lpop('l')).toBeNull()
    expect(await cache.lindex('l', 0)).toBeUndefined() // a stored undefined reads as undefined
    expect(await cache.llen('l')).toBe(4)
  })

  it('lset, ltrim, lrem', async () => {
    const cache = makeCache()
    await cache.rpush('l', 'a', 'x', 'b', 'x', 'c', 'x')
    expect(await cache.lset('l', -1, 'z')).toBe(true)
    expect(await cache.lset('l', 0, { a: 1 })).toBe(true)
    expect(await cache.lrange('l', 0, -1)).toEqual([{ a: 1 }, 'x', 'b', 'x', 'c', 'z'])
    await expect(cache.lset('l', 99, 'q')).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' })
    await expect(cache.lset('missing', 0, 'q')).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' })
    expect(await cache.lrem('l', -1, 'x')).toBe(1) // from the tail
    expect(await cache.lrange('l', 0, -1)).toEqual([{ a: 1 }, 'x', 'b', 'c', 'z'])
    expect(await cache.lrem('l', 0, 'x')).toBe(1)
    expect(await cache.lrem('l', 1, { a: 1 })).toBe(1)
    expect(await cache.lrem('l', 1, 'nope')).toBe(0)
    expect(await cache.ltrim('l', 0, -2)).toBe(true)
    expect(await cache.lrange('l', 0, -1)).toEqual(['b', 'c'])
    expect(await cache.ltrim('l', 5, 10)).toBe(true)
    expect(await cache.llen('l')).toBe(0)
  })

  it('lpos with rank, count and maxlen', async () => {
    const cache = makeCache()
    await cache.rpush('l', 'a', 'b', 'c', 'b', 'd', 'b')
    expect(await cache.lpos('l', 'b')).toBe(1)
    expect(await cache.lpos('l', 'b', { rank: 2 })).toBe(3)
    expect(await cache.lpos('l', 'b', { rank: -1 })).toBe(5)
    expect(await cache.lpos('l', 'zzz')).toBeUndefined()
    expect(await cache.lpos('l', 'b', { count: 0 })).toEqual([1, 3, 5])
    expect(await cache.lpos('l', 'b', { count: 2 })).toEqual([1, 3])
    expect(await cache.lpos('l', 'b', { count: 2, rank: -1 })).toEqual([5, 3])
    expect(await cache.lpos('l', 'b', { count: 0, maxlen: 4 })).toEqual([1, 3])
    expect(await cache.lpos('l', 'd', { maxlen: 3 })).toBeUndefined()
    expect(await cache.lpos('l', 'zzz', { count: 0 })).toEqual([])
    expect(await cache.lpos('missing', 'b')).toBeUndefined()
    await expect(cache.lpos('l', 'b', { rank: 0 })).rejects.toMatchObject({ code: 'E_CONFIG' })
  })

  it('lmove between lists, every side combination (hash-tagged keys share a slot)', async () => {
    const cache = makeCache()
    await cache.rpush('{q}:src', 1, 2, 3, 4)
    expect(await cache.lmove('{q}:src', '{q}:dst')).toBe(1) // LEFT -> RIGHT by default
    expect(await cache.lmove('{q}:src', '{q}:dst', 'RIGHT', 'LEFT')).toBe(4)
    expect(await cache.lmove('{q}:src', '{q}:dst', 'LEFT', 'LEFT')).toBe(2)
    expect(await cache.lmove('{q}:src', '{q}:dst', 'RIGHT', 'RIGHT')).toBe(3)
    expect(await cache.lrange('{q}:dst', 0, -1)).toEqual([2, 4, 1, 3])
    expect(await cache.lmove('{q}:src', '{q}:dst')).toBeUndefined() // empty source
    expect(await cache.llen('{q}:src')).toBe(0)
    expect(await cache.lmove('{q}:dst', '{q}:dst', 'LEFT', 'RIGHT')).toBe(2) // rotation
    expect(await cache.lrange('{q}:dst', 0, -1)).toEqual([4, 1, 3, 2])
    await expect(cache.lmove('{q}:dst', '{q}:src', 'UP' as 'LEFT', 'LEFT')).rejects.toMatchObject({
      code: 'E_CONFIG',
    })
    expect(await cache.lmove('{q}:dst', '{q}:src', 'left' as 'LEFT', 'right' as 'RIGHT')).toBe(4)
  })

  it('elements of any type: unicode, binary, objects, dates', async () => {
    const cache = makeCache()
    const bytes = Buffer.from([0xde, 0xad, 0x00, 0xbe, 0xef])
    const when = new Date(0)
    await cache.rpush('l', '日本語 ✓', bytes, when, { deep: { a: [1n] } }, 2n ** 64n, -0.125)
    const all = await cache.lrange('l', 0, -1)
    expect(all).toEqual(['日本語 ✓', bytes, when, { deep: { a: [1n] } }, 2n ** 64n, -0.125])
    expect(all[2]).toBeInstanceOf(Date)
    expect(await cache.lpos('l', new Date(0))).toBe(2)
    expect(await cache.lpos('l', Buffer.from(bytes))).toBe(1)
    expect(await cache.lrem('l', 0, { deep: { a: [1n] } })).toBe(1)
  })

  it('reaches other versions: { version } last, atVersion() for pushes', async () => {
    const cache = makeCache()
    await cache.rpush('l', 'v1')
    expect(await cache.rpush('l', 'a', 'b', atVersion(2))).toBe(2)
    expect(await cache.lpush('l', { version: 3 }, atVersion(2))).toBe(3) // the object is a value
    expect(await cache.lrange('l', 0, -1, { version: 2 })).toEqual([{ version: 3 }, 'a', 'b'])
    expect(await cache.lpop('l', { version: 2 })).toEqual({ version: 3 })
    expect(await cache.rpop('l', 1, { version: 2 })).toEqual(['b'])
    expect(await cache.lmove('l', 'l', 'LEFT', 'RIGHT', { version: 2 })).toBe('a')
    expect(await cache.lrange('l', 0, -1)).toEqual(['v1'])
  })

  it('E_WRONG_TYPE on another type', async () => {
    const cache = makeCache()
    await cache.set('plain', 1)
    await expect(cache.rpush('plain', 'x')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.lrange('plain', 0, -1)).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.rpush('plain')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await cache.rpush('{w}:list', 'x')
    await cache.sadd('{w}:set', 'x')
    await expect(cache.lmove('{w}:list', '{w}:set')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    expect(await cache.lrange('{w}:list', 0, -1)).toEqual(['x'])
  })
})
