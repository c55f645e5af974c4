import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { RedisCache } from '@cachex-js/redis-client'
import { STRUCTURE_METHOD_NAMES, structureMethods, withStructures } from '@cachex-js/structures'
import { clusterCache, standaloneCache, topologies, uniquePrefix } from './support/shared.js'

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('composition', () => {
  it('structureMethods builds standalone methods that need no `this`', async () => {
    const cache = new RedisCache({ location: topologies().standalone.url, keyPrefix: uniquePrefix() })
    try {
      const { hset, hget, rpush, lrange } = structureMethods(cache)
      await hset('h', 'f', 'v')
      expect(await hget('h', 'f')).toBe('v')
      await rpush('l', 1, 2)
      expect(await lrange('l', 0, -1)).toEqual([1, 2])
      expect('hset' in cache).toBe(false) // the cache itself is left alone
    } finally {
      await cache.close()
    }
  })

  it('withStructures augments the same cache object, and the name list covers every method', async () => {
    const cache = new RedisCache({ location: topologies().standalone.url, keyPrefix: uniquePrefix() })
    try {
      const augmented = withStructures(cache)
      expect(augmented).toBe(cache)
      expect(Object.keys(structureMethods(cache)).sort()).toEqual([...STRUCTURE_METHOD_NAMES].sort())
      for (const name of STRUCTURE_METHOD_NAMES) expect(typeof augmented[name]).toBe('function')
      await augmented.sadd('s', 'x')
      expect(await augmented.smembers('s')).toEqual(['x'])
      expect(await augmented.hasKey('s')).toBe(true) // the cache's own methods still work on the key
    } finally {
      await cache.close()
    }
  })
})

describe('keys, versions and codec shared with the cache', () => {
  it('makes keys with the cache prefix, version and custom key function', async () => {
    const cache = standaloneCache({
      keyPrefix: uniquePrefix('kf'),
      keyFunction: (key, prefix, version) => `${prefix}|v${version}|${key}`,
      reverseKeyFunction: (fullKey) => fullKey.split('|').slice(2).join('|'),
    })
    const redis = cache.getConnection()
    await cache.hset('profile', 'name', 'Ada')
    await cache.zadd('board', { ada: 1 }, { version: 3 })
    expect(await redis.type(cache.makeKey('profile'))).toBe('hash')
    expect(await redis.type(cache.makeKey('board', 3))).toBe('zset')
    expect(cache.makeKey('board', 3)).toMatch(/\|v3\|board$/)
    expect((await cache.keys('*')).sort()).toEqual(['profile'])
    expect(await cache.keys('*', { version: 3 })).toEqual(['board'])
  })

  it('stores integers and floats as decimal text, other values exactly as `set` does', async () => {
    const cache = standaloneCache()
    const redis = cache.getConnection()
    await cache.hmset('h', { int: 42, neg: -7, float: 2.5, text: 'hello', obj: { a: [1, 2] } })
    const raw = async (field: string) => redis.hgetBuffer(cache.makeKey('h'), field)
    expect((await raw('int'))!.toString()).toBe('42')
    expect((await raw('neg'))!.toString()).toBe('-7')
    expect((await raw('float'))!.toString()).toBe('2.5')
    for (const [field, value] of [
      ['int', 42],
      ['text', 'hello'],
      ['obj', { a: [1, 2] }],
    ] as const) {
      await cache.set(`as-set-${field}`, value)
      expect((await raw(field))!.equals((await redis.getBuffer(cache.makeKey(`as-set-${field}`)))!)).toBe(true)
    }
  })

  it('with the JSON serializer, values are plain JSON other clients read', async () => {
    const cache = standaloneCache({ options: { serializer: 'json' } })
    const redis = cache.getConnection()
    await cache.rpush('l', { id: 1, tags: ['a'] }, 'text', 3, 0.5)
    const raw = await redis.lrange(cache.makeKey('l'), 0, -1)
    expect(raw.map((text) => JSON.parse(text) as unknown)).toEqual([{ id: 1, tags: ['a'] }, 'text', 3, 0.5])
    await redis.rpush(cache.makeKey('l'), '{"from":"python"}')
    expect(await cache.lindex('l', -1)).toEqual({ from: 'python' })
  })

  it('a Date member comes back a Date with the default (cbor) serializer, like `get`', async () => {
    const cache = standaloneCache()
    const when = new Date('2025-05-05T05:05:05.005Z')
    await cache.set('plain', when)
    await cache.sadd('s', when)
    await cache.zadd('z', new Map([[when, 1]]))
    const [member] = await cache.smembers('s')
    const zmember = (await cache.zrange('z', 0, -1, { withscores: true }))[0]?.[0]
    expect(await cache.get('plain')).toBeInstanceOf(Date)
    expect(member).toBeInstanceOf(Date)
    expect(zmember).toBeInstanceOf(Date)
    expect(member).toEqual(when)
  })

  it('compressed values and members round-trip and are still found by value', async () => {
    const cache = standaloneCache({ options: { compressor: 'gzip' } })
    const redis = cache.getConnection()
    const big = { text: 'compress me '.repeat(200), n: 1 }
    await cache.sadd('s', big)
    await cache.hset('h', 'doc', big)
    const stored = (await redis.smembersBuffer(cache.makeKey('s')))[0]!
    expect(cache.codec.inspect(stored)).toMatchObject({ format: 'frame', compressor: 'gzip' })
    expect(await cache.sismember('s', { text: 'compress me '.repeat(200), n: 1 })).toBe(true)
    expect(await cache.hget('h', 'doc')).toEqual(big)
  })

  it('structure keys are ordinary cache keys: ttl, expire, delete, incrVersion, clear', async () => {
    const cache = standaloneCache()
    await cache.hset('h', 'f', 'v')
    expect(await cache.ttl('h')).toBeNull()
    expect(await cache.expire('h', 100)).toBe(true)
    expect(await cache.ttl('h')).toBeGreaterThan(0)
    expect(await cache.incrVersion('h')).toBe(2)
    expect(await cache.hget('h', 'f', { version: 2 })).toBe('v')
    expect(await cache.hget('h', 'f')).toBeUndefined()
    expect(await cache.delete('h', { version: 2 })).toBe(true)
    await cache.rpush('l', 1)
    await cache.clear()
    expect(await cache.llen('l')).toBe(0)
  })

  it('reinsertKeys leaves structures alone', async () => {
    const cache = standaloneCache()
    await cache.hset('h', 'f', { a: 1 })
    await cache.set('plain', { b: 2 })
    expect(await cache.reinsertKeys()).toBe(1)
    expect(await cache.hget('h', 'f')).toEqual({ a: 1 })
  })

  it('rejects bad keys and versions before sending anything', async () => {
    const cache = standaloneCache()
    await expect(cache.sadd(42 as unknown as string, 'x')).rejects.toMatchObject({ code: 'E_INVALID_KEY' })
    await expect(cache.llen('l', { version: 1.5 })).rejects.toMatchObject({ code: 'E_CONFIG' })
    await expect(cache.lrange('l', 0.5, 1)).rejects.toMatchObject({ code: 'E_CONFIG' })
    await expect(cache.rpush('l', () => 1)).rejects.toMatchObject({ code: 'E_SERIALIZATION' })
    expect(await cache.llen('l')).toBe(0) // nothing half-pushed
  })

  it('E_DESERIALIZATION for bytes the codec cannot read', async () => {
    const cache = standaloneCache()
    expect(await cache.llen('l')).toBe(0) // connected
    await cache.getConnection().rpush(cache.makeKey('l'), Buffer.from([0, 1, 3, 0x7a, 0x7a, 0x7a, 0]))
    await expect(cache.lrange('l', 0, -1)).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
  })
})

describe.each([
  { name: 'RESP3 (default mapping)', connectionOptions: {} },
  { name: "RESP3 with replyMapping: 'resp3'", connectionOptions: { replyMapping: 'resp3' as const } },
  { name: 'RESP2', connectionOptions: { protocol: 2 as const } },
])('reply shapes under $name', ({ connectionOptions }) => {
  it('reads maps, pairs and scores the same way', async () => {
    const cache = standaloneCache({ options: { connectionOptions } })
    await cache.hmset('h', { a: 1, b: { x: [1] }, c: 1.5 })
    expect(await cache.hgetall('h')).toEqual({ a: 1, b: { x: [1] }, c: 1.5 })
    await cache.zadd(
      'z',
      new Map<unknown, number>([
        ['m', 1.5],
        [{ o: 1 }, Infinity],
        ['n', -2],
      ]),
    )
    expect(await cache.zrange('z', 0, -1, { withscores: true })).toEqual([
      ['n', -2],
      ['m', 1.5],
      [{ o: 1 }, Infinity],
    ])
    expect(await cache.zrangebyscore('z', '(-2', '+inf', { withscores: true })).toEqual([
      ['m', 1.5],
      [{ o: 1 }, Infinity],
    ])
    expect(await cache.zscore('z', 'm')).toBe(1.5)
    expect(await cache.zmscore('z', 'n', 'zz')).toEqual([-2, undefined])
    // (ioredis's own RESP3 double parser can be an ulp off, e.g. 1.75 -> 1.7500000000000002: values exact here)
    expect(await cache.zincrby('z', 0.5, 'm')).toBe(2)
    expect(await cache.zpopmax('z', 2)).toEqual([
      [{ o: 1 }, Infinity],
      ['m', 2],
    ])
    expect(await cache.zpopmin('z')).toEqual([['n', -2]])
    expect(await cache.hincrbyfloat('h', 'c', 1)).toBe(2.5)
  })
})

describe('with read replicas', () => {
  it('reads may go to replicas, every write (spop included) goes to the primary', async () => {
    const { replication } = topologies()
    const cache = standaloneCache({
      location: [replication.url, ...replication.replicas.map((replica) => replica.url)],
      options: { readFromReplicas: true },
    })
    expect(cache.getConnection(false)).not.toBe(cache.getConnection(true))
    await cache.sadd('s', 'a', 'b')
    await cache.hset('h', 'f', 'v')
    await cache.getConnection().call('WAIT', replication.replicas.length, 5000)
    expect(await cache.hget('h', 'f')).toBe('v')
    expect(await cache.scard('s')).toBe(2)
    expect(['a', 'b']).toContain(await cache.spop('s')) // a replica would refuse it (READONLY)
    expect(await cache.lmove('{r}a', '{r}b')).toBeUndefined()
  })
})

describe('failure semantics', () => {
  it('without ignoreExceptions, an unreachable server is E_CONNECTION', async () => {
    const port = await closedPort()
    const cache = standaloneCache({ location: `redis://127.0.0.1:${port}`, options: { socketTimeout: 1 } })
    await expect(cache.hget('h', 'f')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    await expect(cache.rpush('l', 1)).rejects.toMatchObject({ code: 'E_CONNECTION' })
  })

  it('with ignoreExceptions, reads give empty results and writes 0/false; increments still reject', async () => {
    const port = await closedPort()
    const cache = standaloneCache({
      location: `redis://127.0.0.1:${port}`,
      options: { socketTimeout: 1, ignoreExceptions: true },
    })
    expect(await cache.hget('h', 'f')).toBeUndefined()
    expect(await cache.hgetall('h')).toEqual({})
    expect(await cache.hexists('h', 'f')).toBe(false)
    expect(await cache.hset('h', 'f', 1)).toBe(0)
    expect(await cache.zrange('z', 0, -1)).toEqual([])
    expect(await cache.zscore('z', 'm')).toBeUndefined()
    expect(await cache.zadd('z', { m: 1 })).toBe(0)
    expect(await cache.lpop('l')).toBeUndefined()
    expect(await cache.lpop('l', 2)).toEqual([])
    expect(await cache.lpos('l', 'x', { count: 0 })).toEqual([])
    expect(await cache.lmove('{a}1', '{a}2')).toBeUndefined()
    expect(await cache.lset('l', 0, 'x')).toBe(false)
    expect(await cache.smismember('s', 'a')).toEqual([])
    expect(await cache.sinter('{a}1', '{a}2')).toEqual([])
    await expect(cache.hincrby('h', 'f')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    await expect(cache.hincrbyfloat('h', 'f')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    await expect(cache.zincrby('z', 1, 'm')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    await expect(cache.zadd('z', { m: 1 }, { incr: true })).rejects.toMatchObject({ code: 'E_CONNECTION' })
  })

  it('with ignoreExceptions, type and argument errors still reject (they are not outages)', async () => {
    const cache = standaloneCache({ options: { ignoreExceptions: true } })
    await cache.set('plain', 1)
    await expect(cache.hget('plain', 'f')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await cache.rpush('l', 'x')
    await expect(cache.lset('l', 5, 'y')).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' })
    await cache.hset('h', 'text', 'abc')
    await expect(cache.hincrbyfloat('h', 'text', 1)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
  })
})

describe('on the cluster', () => {
  it('runs on a cluster topology, keys spread over every primary', async () => {
    const cache = clusterCache()
    expect(cache.topology.kind).toBe('cluster')
    const keys = Array.from({ length: 30 }, (_, i) => `key-${i}`)
    for (const key of keys) await cache.rpush(key, key)
    for (const key of keys) expect(await cache.lindex(key, 0)).toBe(key)
    const perPrimary = await Promise.all(
      cache.topology.primaries().map(async (node) => (await node.keys(`${cache.keyPrefix}:*`)).length),
    )
    expect(perPrimary.reduce((a, b) => a + b, 0)).toBe(keys.length)
    expect(perPrimary.filter((n) => n > 0).length).toBe(topologies().cluster.primaries.length)
  })

  it('multi-key commands across slots give E_NOT_SUPPORTED and change nothing', async () => {
    const cache = clusterCache()
    await cache.rpush('queue-a', 1, 2)
    await cache.sadd('set-a', 'x')
    await cache.sadd('set-b', 'x')
    for (const attempt of [
      () => cache.lmove('queue-a', 'queue-b'),
      () => cache.sinter('set-a', 'set-b'),
      () => cache.sunion('set-a', 'set-b'),
      () => cache.sdiff('set-a', 'set-b'),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'E_NOT_SUPPORTED' })
    }
    await expect(cache.lmove('queue-a', 'queue-b')).rejects.toThrow(/hash tag/)
    expect(await cache.lrange('queue-a', 0, -1)).toEqual([1, 2])
    expect(await cache.lmove('{t}queue-a', '{t}queue-b')).toBeUndefined() // tagged keys share a slot
  })

  it('a prefix with a hash tag puts every key of the cache in one slot', async () => {
    const cache = clusterCache({ keyPrefix: `{${uniquePrefix('tag')}}` })
    await cache.sadd('a', 1, 2)
    await cache.sadd('b', 2, 3)
    expect(await cache.sinter('a', 'b')).toEqual([2])
    await cache.rpush('jobs', 'j1')
    expect(await cache.lmove('jobs', 'done')).toBe('j1')
  })
})
