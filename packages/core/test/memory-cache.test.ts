import { describe, expect, it } from 'vitest'
import { type Serializer, MemoryCache, MemoryStore } from '@cachex-js/core'

function clock(start = 1_700_000_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => void (t += ms) }
}

async function performCull(options: { maxEntries: number; cullFrequency: number }, initial: number): Promise<number> {
  const cache = new MemoryCache(options)
  for (let i = 1; i < initial; i++) await cache.set(`cull${i}`, 'value', 1000)
  let count = 0
  for (let i = 1; i < initial; i++) if (await cache.hasKey(`cull${i}`)) count++
  return count
}

describe('MemoryCache culling (Django LocMemCache)', () => {
  it('culls a third when full (Django test_cull: 50 -> 29)', async () => {
    expect(await performCull({ maxEntries: 30, cullFrequency: 3 }, 50)).toBe(29)
  })

  it('clears everything with cullFrequency 0 (Django test_zero_cull: 50 -> 19)', async () => {
    expect(await performCull({ maxEntries: 30, cullFrequency: 0 }, 50)).toBe(19)
  })

  it('defaults to 300 entries and cullFrequency 3', () => {
    const store = new MemoryStore()
    expect(store.maxEntries).toBe(300)
    expect(store.cullFrequency).toBe(3)
  })

  it('evicts the least recently used entries first', async () => {
    const cache = new MemoryCache({ maxEntries: 3, cullFrequency: 3 })
    await cache.set('a', 1)
    await cache.set('b', 2)
    await cache.set('c', 3)
    await cache.get('a') // a is now the most recently used
    await cache.set('d', 4) // full: evicts one, the least recently used (b)
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toEqual({ a: 1, c: 3, d: 4 })
  })

  it('purges expired entries before evicting live ones', async () => {
    const time = clock()
    const cache = new MemoryCache({ maxEntries: 3, now: time.now })
    await cache.set('old', 1, 1)
    await cache.set('b', 2)
    await cache.set('c', 3)
    time.advance(2000)
    await cache.set('d', 4)
    expect(await cache.getMany(['b', 'c', 'd'])).toEqual({ b: 2, c: 3, d: 4 })
  })

  it('does not cull when overwriting an existing key', async () => {
    const cache = new MemoryCache({ maxEntries: 2 })
    await cache.set('a', 1)
    await cache.set('b', 2)
    await cache.set('a', 3)
    expect(await cache.getMany(['a', 'b'])).toEqual({ a: 3, b: 2 })
  })

  it('rejects bad settings with E_CONFIG', () => {
    for (const options of [{ maxEntries: 0 }, { maxEntries: 1.5 }, { cullFrequency: -1 }, { now: 5 as never }]) {
      expect(() => new MemoryStore(options)).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
    }
    expect(() => new MemoryCache({ timeout: Number.NaN })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
    expect(() => new MemoryCache({ serializer: [] })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
    expect(new MemoryStore({ maxEntries: Infinity }).maxEntries).toBe(Infinity)
  })
})

describe('MemoryCache storage', () => {
  it('keeps caches apart unless they share a store', async () => {
    const a = new MemoryCache()
    const b = new MemoryCache()
    await a.set('k', 1)
    expect(await b.hasKey('k')).toBe(false)
    const store = new MemoryStore()
    const c = new MemoryCache({ store, keyPrefix: 'p' })
    const d = new MemoryCache({ store, keyPrefix: 'p' })
    await c.set('k', 1)
    expect(await d.get('k')).toBe(1)
  })

  it('stores integers as decimal text and other values through the serializer', async () => {
    const cache = new MemoryCache()
    await cache.set('n', 42)
    await cache.set('s', 'text')
    const stored = (key: string) => cache.store.get(cache.makeKey(key))!.value
    expect(stored('n').toString('latin1')).toBe('42')
    expect(cache.codec.inspect(stored('s'))).toEqual({ format: 'frame', serializer: 'v8', compressor: undefined })
  })

  it('uses the serializer it is given, and can read what another wrote', async () => {
    const calls: string[] = []
    const recording: Serializer = {
      id: 'recording',
      serialize: (value) => (calls.push('serialize'), Buffer.from(JSON.stringify(value))),
      deserialize: (bytes) => (calls.push('deserialize'), JSON.parse(Buffer.from(bytes).toString()) as unknown),
    }
    const store = new MemoryStore()
    const writer = new MemoryCache({ store, serializer: recording })
    await writer.set('k', { a: 1 })
    expect(await writer.get('k')).toEqual({ a: 1 })
    expect(calls).toEqual(['serialize', 'deserialize'])
    const reader = new MemoryCache({ store })
    await expect(reader.get('k')).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
    const both = new MemoryCache({ store, serializer: [recording] })
    expect(await both.get('k')).toEqual({ a: 1 })
  })

  it('keeps Buffers as Buffers and class instances as plain data', async () => {
    const cache = new MemoryCache()
    await cache.set('buf', Buffer.from('abc'))
    expect(Buffer.isBuffer(await cache.get('buf'))).toBe(true)
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    await cache.set('p', new Point(1, 2))
    expect(await cache.get('p')).toEqual({ x: 1, y: 2 })
  })

  it('round-trips cyclic structures (structured clone)', async () => {
    const cache = new MemoryCache()
    const cyclic: { self?: unknown; n: number } = { n: 1 }
    cyclic.self = cyclic
    await cache.set('c', cyclic)
    const back = (await cache.get('c')) as typeof cyclic
    expect(back.self).toBe(back)
  })
})

describe('MemoryCache time', () => {
  it('expires by the injected clock, to the millisecond', async () => {
    const time = clock()
    const cache = new MemoryCache({ now: time.now })
    await cache.set('k', 1, 1.5)
    time.advance(1499)
    expect(await cache.get('k')).toBe(1)
    expect(await cache.pttl('k')).toBe(1)
    time.advance(1)
    expect(await cache.get('k')).toBeUndefined()
  })

  it('rounds ttl like Redis', async () => {
    const time = clock()
    const cache = new MemoryCache({ now: time.now })
    await cache.set('k', 1, 10)
    time.advance(400)
    expect(await cache.ttl('k')).toBe(10)
    time.advance(200)
    expect(await cache.ttl('k')).toBe(9)
  })

  it('expireAt and pexpireAt use the injected clock', async () => {
    const time = clock()
    const cache = new MemoryCache({ now: time.now })
    await cache.set('k', 1, null)
    await cache.pexpireAt('k', time.now() + 5000)
    expect(await cache.pttl('k')).toBe(5000)
    await cache.expireAt('k', new Date(time.now() + 7000))
    expect(await cache.pttl('k')).toBe(7000)
  })

  it('rejects non-finite expire arguments with E_CONFIG', async () => {
    const cache = new MemoryCache()
    await cache.set('k', 1)
    await expect(cache.expire('k', Number.NaN)).rejects.toMatchObject({ code: 'E_CONFIG' })
    await expect(cache.pexpireAt('k', new Date(Number.NaN))).rejects.toMatchObject({ code: 'E_CONFIG' })
  })
})

describe('MemoryCache getOrSet', () => {
  it('serves the stale value to concurrent callers while one recomputes', async () => {
    const time = clock()
    const cache = new MemoryCache({ now: time.now })
    await cache.getOrSet('k', 'v1', 10, { staleCacheTimeout: 60 })
    time.advance(11_000)
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const refresh = cache.getOrSet(
      'k',
      async () => {
        await gate
        return 'v2'
      },
      10,
      { staleCacheTimeout: 60 },
    )
    expect(await cache.getOrSet('k', () => 'other', 10, { staleCacheTimeout: 60 })).toBe('v1')
    expect(await cache.get('k')).toBeUndefined()
    release()
    expect(await refresh).toBe('v2')
    expect(await cache.get('k')).toBe('v2')
  })

  it('stops serving stale values after staleCacheTimeout', async () => {
    const time = clock()
    const cache = new MemoryCache({ now: time.now })
    await cache.getOrSet('k', 'v1', 10, { staleCacheTimeout: 5 })
    time.advance(16_000)
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const refresh = cache.getOrSet('k', async () => (await gate, 'v2'), 10, { staleCacheTimeout: 5 })
    const waiter = cache.getOrSet('k', () => 'other', 10)
    release()
    expect(await refresh).toBe('v2')
    expect(await waiter).toBe('v2')
  })

  it('computes itself when the running factory exceeds lockTimeout', async () => {
    const cache = new MemoryCache()
    const never = new Promise<string>(() => {})
    void cache.getOrSet('k', () => never)
    const started = Date.now()
    expect(await cache.getOrSet('k', () => 'mine', undefined, { lockTimeout: 0.05 })).toBe('mine')
    expect(Date.now() - started).toBeGreaterThanOrEqual(40)
    expect(await cache.get('k')).toBe('mine')
  })

  it('returns decoded copies to waiters', async () => {
    const cache = new MemoryCache()
    const results = await Promise.all([
      cache.getOrSet('k', () => Promise.resolve({ list: [1] })),
      cache.getOrSet('k', () => ({ list: [2] })),
      cache.getOrSet('k', () => ({ list: [3] })),
    ])
    expect(results.map((r) => r.list[0])).toEqual([1, 1, 1])
    expect(results[1]).not.toBe(results[2])
  })

  it('rejects bad lockTimeout / staleCacheTimeout with E_CONFIG', async () => {
    const cache = new MemoryCache()
    await expect(cache.getOrSet('k', 1, undefined, { lockTimeout: Number.NaN })).rejects.toMatchObject({
      code: 'E_CONFIG',
    })
    await expect(cache.getOrSet('k', 1, undefined, { staleCacheTimeout: '1' as never })).rejects.toMatchObject({
      code: 'E_CONFIG',
    })
  })
})

describe('MemoryCache reinsertKeys', () => {
  it('rewrites values with the current serializer, skipping undecodable ones', async () => {
    const store = new MemoryStore()
    const json: Serializer = {
      id: 'json-test',
      unframed: true,
      serialize: (value) => Buffer.from(JSON.stringify(value)),
      deserialize: (bytes) => JSON.parse(Buffer.from(bytes).toString()) as unknown,
    }
    const old = new MemoryCache({ store, keyPrefix: 'p', serializer: json })
    await old.set('a', { a: 1 }, 100)
    await old.set('n', 5)
    const migrating = new MemoryCache({ store, keyPrefix: 'p', serializer: [json] })
    const next = new MemoryCache({ store, keyPrefix: 'p' })
    await expect(next.get('a')).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
    const upgrading = new MemoryCache({ store, keyPrefix: 'p', serializer: [next.codec.serializer, json] })
    expect(await upgrading.reinsertKeys()).toBe(2)
    expect(await next.get('a')).toEqual({ a: 1 })
    expect(await next.ttl('a')).toBeGreaterThan(90)
    await expect(migrating.get('a')).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
  })
})
