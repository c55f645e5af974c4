// RedisCache on the shared Redis Cluster (3 primaries + 3 replicas): what only a cluster can get wrong.
// Failover is tested on a dedicated cluster (failover-cluster.test.ts); the cache suite in conformance-cluster.
import { Cluster } from 'ioredis'
import { describe, expect, it, onTestFinished } from 'vitest'
import { CLUSTER_SLOTS, RedisCache, keySlot, type RedisClient } from '@cachex-js/redis-client'
import { clusterCache, clusterUrls, countWrites, nodeKeys, primaryClients, sharedCluster } from './support/cluster.js'
import { eventually } from '@cachex-js/testkit'
import { uniquePrefix } from './support/shared-redis.js'

describe('keySlot', () => {
  it('hashes like the cluster (CLUSTER KEYSLOT), hash tags included', async () => {
    const [node] = primaryClients()
    const keys = [
      'foo',
      '',
      'user:1000',
      '{user1000}.following',
      '{user1000}.followers',
      'foo{}{bar}',
      'foo{{bar}}zap',
      'foo{bar}{zap}',
      '{}',
      '}{',
      'ünïcödé:键',
      '{ключ}:1',
      ...Array.from({ length: 200 }, (_, i) => `prefix:1:key-${i}`),
    ]
    for (const key of keys) expect(keySlot(key), key).toBe(await node!.cluster('KEYSLOT', key))
    expect(keySlot(Buffer.from('{user1000}.x'))).toBe(keySlot('user1000'))
  })
})

describe('multi-key operations split by node and slot', () => {
  it('getMany of 1,000 keys spread over every slot takes one round trip per primary', async () => {
    const cache = clusterCache()
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`)
    expect(await cache.setMany(Object.fromEntries(keys.map((key) => [key, key])))).toEqual([])
    const slots = new Set(keys.map((key) => keySlot(cache.makeKey(key))))
    expect(slots.size).toBeGreaterThan(900)

    const primaries = cache.topology.primaries()
    expect(primaries).toHaveLength(3)
    const wire = countWrites(primaries)
    const found = await cache.getMany([...keys, 'missing'])
    expect(found).toEqual(Object.fromEntries(keys.map((key) => [key, key])))
    expect(wire.writes()).toEqual([1, 1, 1]) // one pipeline per primary
    const mgets = wire.commands('MGET')
    expect(mgets.every((count) => count > 250)).toBe(true) // keys on every primary
    expect(mgets.reduce((a, b) => a + b, 0)).toBe(new Set([...slots, keySlot(cache.makeKey('missing'))]).size)
  })

  it('setMany and deleteMany: one pipeline per primary, one setMany script or UNLINK per slot', async () => {
    const cache = clusterCache()
    const entries = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`s${i}`, { i }]))
    await cache.set('warm', 1) // connects every node
    await cache.getMany(Object.keys(entries))
    const wire = countWrites(cache.topology.primaries())
    expect(await cache.setMany(entries, 60)).toEqual([])
    const slots = new Set(Object.keys(entries).map((key) => keySlot(cache.makeKey(key)))).size
    expect(wire.writes()).toEqual([1, 1, 1])
    expect(wire.commands('EVAL').reduce((a, b) => a + b, 0)).toBe(slots)
    expect(wire.commands('SET').reduce((a, b) => a + b, 0)).toBe(0)
    expect(await cache.getMany(Object.keys(entries))).toEqual(entries)
    expect(wire.writes()).toEqual([2, 2, 2])
    expect(await cache.ttl('s1')).toBeGreaterThan(50)

    const before = wire.writes()
    expect(await cache.deleteMany([...Object.keys(entries), 'missing'])).toBe(300)
    expect(wire.writes().map((writes, i) => writes - before[i]!)).toEqual([1, 1, 1])
    expect(wire.commands('UNLINK').reduce((a, b) => a + b, 0)).toBe(
      new Set([...Object.keys(entries), 'missing'].map((key) => keySlot(cache.makeKey(key)))).size,
    )
    expect(await cache.getMany(Object.keys(entries))).toEqual({})
    expect(await cache.ttl('s1')).toBe(0)
  })

  it('setMany is atomic per slot: a reader of one slot never sees half of a setMany', async () => {
    // Every key of a prefix with a hash tag lives in one slot. Values are large, so a plain pipeline of
    // SETs would reach the server in many reads and could interleave with the reader's MGETs.
    const keyPrefix = `{${uniquePrefix('atomic')}}`
    const writer = clusterCache({ keyPrefix })
    const reader = clusterCache({ keyPrefix })
    const keys = Array.from({ length: 40 }, (_, i) => `part-${i}`)
    const padding = 'x'.repeat(20_000)
    let writing = true
    const mixed: number[][] = []
    const reading = (async () => {
      while (writing) {
        const seen = Object.values(await reader.getMany<string>(keys)).map((value) => Number(value.split(':')[0]))
        if (new Set(seen).size > 1 || (seen.length > 0 && seen.length < keys.length)) mixed.push(seen)
      }
    })()
    for (let round = 1; round <= 25; round++) {
      expect(await writer.setMany(Object.fromEntries(keys.map((key) => [key, `${round}:${padding}`])))).toEqual([])
    }
    writing = false
    await reading
    expect(mixed).toEqual([])
  })

  it('pipeline(): one round trip per primary, results in order', async () => {
    const cache = clusterCache()
    const keys = Array.from({ length: 60 }, (_, i) => `p${i}`)
    await cache.setMany(Object.fromEntries(keys.map((key, i) => [key, i])))
    const wire = countWrites(cache.topology.primaries())
    const pipeline = cache.pipeline()
    for (const key of keys) pipeline.incr(key)
    expect(await pipeline.exec()).toEqual(keys.map((_, i) => i + 1))
    expect(wire.writes()).toEqual([1, 1, 1])
  })
})

describe('SCAN-based operations cover every primary', () => {
  it('deletePattern("user:*") removes every matching key on every primary, and nothing else', async () => {
    const cache = clusterCache({ options: { scanItersize: 7 } })
    const nodes = primaryClients()
    const users = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`user:${i}`, i]))
    await cache.setMany(users)
    await cache.setMany({ 'admin:1': 1, 'admin:2': 2, 'user-list': 3 })
    const pattern = `${cache.keyPrefix}:1:user:*`
    const before = await Promise.all(nodes.map((node) => nodeKeys(node, pattern)))
    expect(before.every((keys) => keys.length > 20)).toBe(true) // spread over all three
    expect(before.flat()).toHaveLength(150)

    expect(await cache.deletePattern('user:*')).toBe(150)
    for (const node of nodes) expect(await nodeKeys(node, pattern)).toEqual([])
    expect((await cache.keys()).sort()).toEqual(['admin:1', 'admin:2', 'user-list'])
  })

  it('keys and iterKeys list every key; clear with a prefix empties every primary', async () => {
    const cache = clusterCache({ options: { scanItersize: 10 } })
    const neighbour = clusterCache({ keyPrefix: `${cache.keyPrefix}x` })
    const nodes = primaryClients()
    const keys = Array.from({ length: 120 }, (_, i) => `key:${i}`)
    await cache.setMany(Object.fromEntries(keys.map((key) => [key, 1])))
    await cache.set('key:0', 'v2', undefined, { version: 2 })
    await neighbour.set('key:0', 'neighbour')
    expect((await cache.keys('key:*')).sort()).toEqual([...keys].sort())
    const iterated: string[] = []
    for await (const key of cache.iterKeys('key:1*', { itersize: 3 })) iterated.push(key)
    expect(iterated.sort()).toEqual(keys.filter((key) => key.startsWith('key:1')).sort())

    await cache.clear()
    for (const node of nodes) expect(await nodeKeys(node, `${cache.keyPrefix}:*`)).toEqual([])
    expect(await neighbour.get('key:0')).toBe('neighbour')
  })

  it('reinsertKeys rewrites the values of every primary, TTLs kept', async () => {
    const keyPrefix = uniquePrefix('reinsert')
    const cbor = clusterCache({ keyPrefix })
    const entries = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`r${i}`, { i }]))
    await cbor.setMany(entries, 600)
    const json = clusterCache({ keyPrefix, options: { serializer: ['json', 'cbor'] } })
    expect(await json.reinsertKeys()).toBe(90)
    const nodes = primaryClients()
    const stored = (await Promise.all(nodes.map((node) => nodeKeys(node, `${keyPrefix}:*`)))).map((k) => k.length)
    expect(stored.every((count) => count > 10)).toBe(true)
    const plain = clusterCache({ keyPrefix, options: { serializer: 'json' } }) // reads JSON only
    expect(await plain.getMany(Object.keys(entries))).toEqual(entries)
    expect(await plain.ttl('r5')).toBeGreaterThan(500)
  })
})

describe('versions, leases and routing', () => {
  it('incrVersion moves a value to another slot keeping its TTL (or its persistence)', async () => {
    const cache = clusterCache()
    const key = Array.from({ length: 50 }, (_, i) => `v${i}`).find(
      (k) => keySlot(cache.makeKey(k, 1)) !== keySlot(cache.makeKey(k, 2)),
    )!
    await cache.set(key, { moved: true }, 100)
    expect(await cache.incrVersion(key)).toBe(2)
    expect(await cache.get(key, undefined, { version: 2 })).toEqual({ moved: true })
    expect(await cache.hasKey(key, { version: 1 })).toBe(false)
    const pttl = (await cache.pttl(key, { version: 2 }))!
    expect(pttl).toBeGreaterThan(90_000)
    expect(pttl).toBeLessThanOrEqual(100_000)

    await cache.set('forever', 1, null)
    expect(await cache.incrVersion('forever', 5)).toBe(6)
    expect(await cache.ttl('forever', { version: 6 })).toBeNull()
    await expect(cache.incrVersion('missing')).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' })
  })

  it('getOrSet runs the factory once for concurrent callers of two caches', async () => {
    const keyPrefix = uniquePrefix('herd')
    const caches = [clusterCache({ keyPrefix }), clusterCache({ keyPrefix })]
    let runs = 0
    const factory = async () => {
      runs++
      await new Promise((resolve) => setTimeout(resolve, 100))
      return 'computed'
    }
    const values = await Promise.all(
      Array.from({ length: 20 }, (_, i) => caches[i % 2]!.getOrSet('report', factory, 60, { lockTimeout: 5 })),
    )
    expect(values).toEqual(Array.from({ length: 20 }, () => 'computed'))
    expect(runs).toBe(1)
  })

  it('readFromReplicas sends plain reads to the replicas (scaleReads: slave), writes to the primaries', async () => {
    const cache = clusterCache({ options: { readFromReplicas: true } })
    const reads = cache.getConnection(false) as Cluster
    expect(reads).not.toBe(cache.getConnection(true))
    expect(reads.options.scaleReads).toBe('slave')
    const keys = Array.from({ length: 100 }, (_, i) => `rr${i}`)
    await cache.setMany(Object.fromEntries(keys.map((key) => [key, key])))
    await eventually(async () => expect(Object.keys(await cache.getMany(keys))).toHaveLength(100))
    const replicas = reads.nodes('slave')
    expect(replicas).toHaveLength(3)
    const wire = countWrites([...replicas, ...reads.nodes('master')] as RedisClient[])
    await cache.getMany(keys)
    expect(wire.writes()).toEqual([1, 1, 1, 0, 0, 0])
  })

  it('passes natMap through to ioredis (every announced node address goes through it)', async () => {
    const seen = new Set<string>()
    const natMap = (address: string) => {
      seen.add(address)
      const [host, port] = address.split(':')
      return { host: host!, port: Number(port) }
    }
    const cache = clusterCache({ options: { natMap } })
    await cache.set('k', 'mapped')
    expect(await cache.get('k')).toBe('mapped')
    const announced = sharedCluster().primaries.map((node) => `${node.host}:${node.port}`)
    for (const address of announced) expect(seen).toContain(address)
  })

  it('uses an ioredis Cluster of your own (picked by client: default) and leaves it open', async () => {
    const own = new Cluster(sharedCluster().startupNodes)
    own.on('error', () => undefined)
    onTestFinished(() => {
      own.disconnect()
    })
    const cache = new RedisCache({ location: own, keyPrefix: uniquePrefix('own') })
    expect(cache.topology.kind).toBe('cluster')
    await cache.setMany({ a: 1, b: 2, c: 3 })
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual({ a: 1, b: 2, c: 3 })
    expect(cache.getConnection()).toBe(own)
    await cache.clear()
    await cache.close()
    expect(await own.ping()).toBe('PONG')
  })
})

describe('configuration', () => {
  const urls = clusterUrls()
  it.each([
    [{ location: urls, options: { client: 'cluster', db: 1 } }, 'options.db'],
    [{ location: [`${urls[0]}/2`], options: { client: 'cluster' } }, 'location'],
    [{ location: [urls[0], `${urls[1]}/3`], options: { client: 'cluster' } }, 'location[1]'],
    [{ location: ['unix:///tmp/redis.sock'], options: { client: 'cluster' } }, 'location'],
    [{ location: [urls[0], urls[1]!.replace('redis:', 'rediss:')], options: { client: 'cluster' } }, 'location[1]'],
    [
      { location: [urls[0]!.replace('//', '//:a@'), urls[1]!.replace('//', '//:b@')], options: { client: 'cluster' } },
      'location[1]',
    ],
    [{ location: urls, options: { client: 'cluster', connectionFactory: () => null } }, 'options.connectionFactory'],
    [
      { location: urls, options: { client: 'cluster', clusterOptions: { redisOptions: {} } } },
      'options.clusterOptions.redisOptions',
    ],
    [
      { location: urls, options: { client: 'cluster', clusterOptions: { scaleReads: 'some' } } },
      'options.clusterOptions.scaleReads',
    ],
    [{ location: urls, options: { clusterOptions: {} } }, 'options.clusterOptions'],
    [{ location: urls[0], options: { natMap: {} } }, 'options.natMap'],
    [{ location: urls, options: { client: 'cluster', natMap: { 'a:1': 'b' } } }, 'options.natMap.a:1'],
  ])('rejects %j with E_CONFIG naming %s', (config, field) => {
    let error: unknown
    try {
      new RedisCache(config as never)
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'E_CONFIG', context: { field } })
  })

  it('knows the number of slots', () => {
    expect(CLUSTER_SLOTS).toBe(16384)
  })
})
