import { describe, expect, it } from 'vitest'
import {
  ConfigError,
  KeyNotFoundError,
  Lock,
  RedisCache,
  createCache,
  gzip,
  isCachexError,
  type ConnectionClass,
  type Logger,
} from 'cachex'
import { DEAD_LOCATION, IoRedis, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

/** Every method of CONTRACT sections 4-8, as named there. */
const CONTRACT_METHODS = {
  'section 4': [
    'get',
    'set',
    'add',
    'delete',
    'getMany',
    'setMany',
    'deleteMany',
    'clear',
    'hasKey',
    'incr',
    'decr',
    'incrVersion',
    'decrVersion',
    'touch',
    'getOrSet',
    'close',
    'makeKey',
  ],
  'section 5': [
    'ttl',
    'pttl',
    'expire',
    'pexpire',
    'expireAt',
    'pexpireAt',
    'persist',
    'keys',
    'iterKeys',
    'deletePattern',
    'reinsertKeys',
    'lock',
  ],
  'section 6': [
    ...['hset', 'hdel', 'hexists', 'hget', 'hgetall', 'hincrby', 'hincrbyfloat', 'hlen', 'hmget', 'hmset'],
    ...['hsetnx', 'hvals', 'hkeys'],
    ...['zadd', 'zcard', 'zcount', 'zincrby', 'zrange', 'zrangebyscore', 'zrank', 'zrevrank', 'zrem'],
    ...['zremrangebyrank', 'zscore', 'zmscore', 'zpopmin', 'zpopmax'],
    ...['llen', 'lpush', 'rpush', 'lpop', 'rpop', 'lindex', 'lrange', 'lset', 'ltrim', 'lpos', 'lmove'],
    ...['sadd', 'srem', 'smembers', 'sismember', 'smismember', 'scard', 'spop', 'srandmember', 'sinter'],
    ...['sunion', 'sdiff'],
  ],
  'section 7': ['getOrSet'],
  'section 8': ['lock', 'withLock'],
} as const

describe('createCache', () => {
  it.each(Object.entries(CONTRACT_METHODS))('the cache object carries every method of %s', (_section, names) => {
    const cache = testCache({ location: sharedRedis().standalone!.url, keyPrefix: uniquePrefix() })
    const missing = names.filter((name) => typeof (cache as unknown as Record<string, unknown>)[name] !== 'function')
    expect(missing).toEqual([])
    expect(cache).toBeInstanceOf(RedisCache)
  })

  it('runs the Django API, the extensions, structures, getOrSet and locks on one object', async () => {
    const cache = testCache({ location: sharedRedis().standalone!.url, keyPrefix: uniquePrefix(), timeout: 60 })
    expect(await cache.set('user', { name: 'Ada', tags: new Set(['x']) })).toBe(true)
    expect(await cache.get('user')).toEqual({ name: 'Ada', tags: new Set(['x']) })
    expect(await cache.add('user', 'other')).toBe(false)
    await cache.set('hits', 1)
    expect(await cache.incr('hits', 4)).toBe(5)
    await expect(cache.incr('missing')).rejects.toBeInstanceOf(KeyNotFoundError)
    expect(await cache.ttl('hits')).toBeGreaterThan(50)
    expect(await cache.persist('hits')).toBe(true)
    expect(await cache.ttl('hits')).toBeNull()
    expect((await cache.keys('*')).sort()).toEqual(['hits', 'user'])

    expect(await cache.hset('profile', 'name', 'Ada')).toBe(1)
    expect(await cache.hincrby('profile', 'visits', 2)).toBe(2)
    expect(await cache.hgetall('profile')).toEqual({ name: 'Ada', visits: 2 })
    await cache.zadd('board', { ada: 10, alan: 7, grace: 12 })
    expect(await cache.zrange('board', 0, 1, { desc: true })).toEqual(['grace', 'ada'])
    await cache.rpush('jobs', 'a', 'b')
    expect(await cache.lmove('jobs', 'done', 'LEFT', 'RIGHT')).toBe('a')
    expect(await cache.lrange('done', 0, -1)).toEqual(['a'])
    await cache.sadd('tags', 'red', 'blue')
    expect((await cache.smembers<string>('tags')).sort()).toEqual(['blue', 'red'])

    let runs = 0
    const values = await Promise.all(
      Array.from({ length: 20 }, () =>
        cache.getOrSet(
          'report',
          async () => {
            await new Promise((resolve) => setTimeout(resolve, 20))
            return { run: ++runs }
          },
          60,
        ),
      ),
    )
    expect(runs).toBe(1)
    expect(new Set(values.map((value) => value.run))).toEqual(new Set([1]))

    const lock = cache.lock('job', { timeout: 5 })
    expect(lock).toBeInstanceOf(Lock)
    expect(await lock.acquire()).toBe(true)
    expect(await cache.lock('job', { blocking: false }).acquire()).toBe(false)
    await lock.release()
    expect(await cache.withLock('job', () => 'done')).toBe('done')

    const pipeline = cache.pipeline()
    pipeline.set('p1', 1).get('p1')
    expect(await pipeline.exec()).toEqual([true, 1])
  })

  it('makes every key (values, structures, locks) with the prefix, version and key function', async () => {
    const prefix = uniquePrefix()
    const cache = testCache({
      location: sharedRedis().standalone!.url,
      keyPrefix: prefix,
      version: 3,
      keyFunction: (key, keyPrefix, version) => `${keyPrefix}|v${version}|${key}`,
      reverseKeyFunction: (fullKey) => fullKey.split('|').slice(2).join('|'),
    })
    await cache.set('a', 1)
    await cache.hset('h', 'f', 'v')
    await cache.lock('l', { timeout: 5 }).acquire()
    const raw = cache.getConnection()
    expect((await raw.keys(`${prefix}|*`)).sort()).toEqual([`${prefix}|v3|a`, `${prefix}|v3|h`, `${prefix}|v3|l`])
    expect((await cache.keys()).sort()).toEqual(['a', 'h', 'l'])
    expect(await cache.get('a', undefined, { version: 4 })).toBeUndefined()
  })

  it('stores plain JSON with serializer json (interop) and compresses large values with the compressor', async () => {
    const prefix = uniquePrefix()
    const location = sharedRedis().standalone!.url
    const json = testCache({ location, keyPrefix: prefix, options: { serializer: 'json' } })
    await json.set('doc', { a: [1, 2], b: 'x' })
    await json.set('n', 42)
    const raw = json.getConnection()
    expect(await raw.get(`${prefix}:1:doc`)).toBe('{"a": [1, 2], "b": "x"}')
    expect(await raw.get(`${prefix}:1:n`)).toBe('42')

    const gz = testCache({ location, keyPrefix: prefix, options: { compressor: gzip({ minLength: 16 }) } })
    const big = 'cachex '.repeat(200)
    await gz.set('big', big)
    const stored = await raw.getBuffer(`${prefix}:1:big`)
    expect(stored!.length).toBeLessThan(big.length / 4)
    expect(gz.codec.inspect(stored!)).toEqual({ format: 'frame', serializer: 'cbor', compressor: 'gzip' })
    expect(await gz.get('big')).toBe(big)
  })

  it('accepts an ioredis client instead of a location, and close() leaves it open', async () => {
    const prefix = uniquePrefix()
    const owner = testCache({ location: sharedRedis().standalone!.url, keyPrefix: prefix })
    const client = owner.getConnection()
    const injected = createCache({ location: client, keyPrefix: prefix })
    expect(injected.getConnection()).toBe(client)
    await injected.set('k', 'v')
    await injected.close()
    expect(client.status).toBe('ready')
    expect(await owner.get('k')).toBe('v')
  })

  it('routes plain reads to the replicas with a list of locations and readFromReplicas', async () => {
    const { replication } = sharedRedis()
    const urls = [replication!.primary.url, ...replication!.replicas.map((replica) => replica.url)]
    const cache = testCache({ location: urls, keyPrefix: uniquePrefix(), options: { readFromReplicas: true } })
    // The raw clients have no offline queue: a cache call waits for the connection, a raw command does not.
    await cache.set('k', 1)
    await cache.get('k')
    expect(await cache.getConnection(true).info('replication')).toContain('role:master')
    expect(await cache.getConnection(false).info('replication')).toContain('role:slave')
  })

  it('opens every connection with connectionPoolClass (CONNECTION_POOL_CLASS)', async () => {
    const built: unknown[] = []
    const Counting = class extends (IoRedis as new (options: object) => object) {
      constructor(options: object) {
        super(options)
        built.push(options)
      }
    } as unknown as ConnectionClass
    const cache = testCache({ location: sharedRedis().standalone!.url, options: { connectionPoolClass: Counting } })
    expect(built).toHaveLength(1)
    expect(built[0]).toMatchObject({ port: sharedRedis().standalone!.port, enableOfflineQueue: false })
    expect(cache.getConnection()).toBeInstanceOf(Counting)
    expect(await cache.set('pool-class', 1)).toBe(true)
  })
})

describe('createCache: configuration errors', () => {
  const location = 'redis://127.0.0.1:1/0'
  const cases: Array<[string, Record<string, unknown>]> = [
    ['config', null as unknown as Record<string, unknown>],
    ['locaton', { locaton: location }],
    ['location', { location: 42 }],
    ['location', { location: 'http://example.com' }],
    ['location[1]', { location: [location, 'nope'] }],
    ['keyPrefix', { location, keyPrefix: 5 }],
    ['version', { location, version: 1.5 }],
    ['keyFunction', { location, keyFunction: 'x' }],
    ['timeout', { location, timeout: 'soon' }],
    ['options', { location, options: 'fast' }],
    ['options.serializr', { location, options: { serializr: 'json' } }],
    ['options.serializer', { location, options: { serializer: 'pickle' } }],
    ['options.compressor', { location, options: { compressor: 'lz77' } }],
    ['options.client', { location, options: { client: 'twemproxy' } }],
    ['options.db', { location, options: { db: -1 } }],
    ['options.socketTimeout', { location, options: { socketTimeout: 0 } }],
    ['options.socketConnectTimeout', { location, options: { socketConnectTimeout: 'x' } }],
    ['options.ignoreExceptions', { location, options: { ignoreExceptions: 'yes' } }],
    ['options.scanItersize', { location, options: { scanItersize: 0 } }],
    ['options.logger', { location, options: { logger: 'cachex' } }],
    ['options.maxDecompressedSize', { location, options: { maxDecompressedSize: -1 } }],
    ['options.pickleVersion', { location, options: { pickleVersion: 5 } }],
    ['options.connectionPoolClass', { location, options: { connectionPoolClass: 'Pool' } }],
    [
      'options.connectionPoolClass',
      { location, options: { connectionPoolClass: class {}, connectionFactory: () => 1 } },
    ],
  ]

  it.each(cases)('names %s', (field, config) => {
    let thrown: unknown
    try {
      createCache(config as never)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect(isCachexError(thrown, 'E_CONFIG')).toBe(true)
    expect((thrown as ConfigError).context.field).toBe(field)
    expect((thrown as Error).message).toContain(field)
  })

  it('points PICKLE_VERSION users to the serializer option', () => {
    expect(() => createCache({ location, options: { pickleVersion: 4 as never } })).toThrow(/options\.serializer/)
  })
})

describe('createCache: global defaults (DJANGO_REDIS_*)', () => {
  function recordingLogger(): Logger & { errors: unknown[] } {
    const errors: unknown[] = []
    return { errors, error: (obj) => errors.push(obj), warn: () => undefined, debug: () => undefined }
  }

  it('ignoreExceptions, logIgnoredExceptions and logger from the defaults apply to a cache that sets none', async () => {
    const logger = recordingLogger()
    const cache = testCache(
      { location: DEAD_LOCATION, options: { socketTimeout: 1, socketConnectTimeout: 1 } },
      { ignoreExceptions: true, logIgnoredExceptions: true, logger },
    )
    expect(await cache.get('k', 'fallback')).toBe('fallback')
    expect(await cache.set('k', 1)).toBe(false)
    expect(await cache.getMany(['a', 'b'])).toEqual({})
    expect(logger.errors.length).toBeGreaterThanOrEqual(3)
  })

  it("a cache's own options win over the defaults", async () => {
    const cache = testCache(
      { location: DEAD_LOCATION, options: { ignoreExceptions: false, socketTimeout: 1, socketConnectTimeout: 1 } },
      { ignoreExceptions: true },
    )
    await expect(cache.get('k')).rejects.toSatisfy((error) => isCachexError(error, 'E_CONNECTION'))
  })

  it('scanItersize, connectionFactory and closeConnection come from the defaults', async () => {
    const built: string[] = []
    const cache = createCache(
      { location: sharedRedis().standalone!.url, keyPrefix: uniquePrefix() },
      {
        scanItersize: 7,
        closeConnection: false,
        connectionFactory: (options, context) => {
          built.push(context.role)
          return new IoRedis(options)
        },
      },
    )
    expect(cache.context.scanItersize).toBe(7)
    expect(built).toEqual(['primary'])
    const client = cache.getConnection()
    expect(await cache.set('k', 1)).toBe(true)
    await cache.close()
    expect(client.status).toBe('ready') // CLOSE_CONNECTION off: close() leaves the connection open
    client.disconnect()
  })

  it('an invalid default is reported as defaults.<name>; unknown defaults are refused', () => {
    const config = { location: DEAD_LOCATION }
    expect(() => createCache(config, { scanItersize: -3 })).toThrow(
      expect.objectContaining({
        code: 'E_CONFIG',
        context: expect.objectContaining({ field: 'defaults.scanItersize' }),
      }),
    )
    expect(() => createCache(config, { ignoreExeptions: true } as never)).toThrow(
      expect.objectContaining({ context: expect.objectContaining({ field: 'defaults.ignoreExeptions' }) }),
    )
  })
})
