/**
 * RedisCache on ioredis clients with `enableAutoPipelining`: ioredis 6 drops the command name of
 * `callBuffer()` when it auto-pipelines, so cachex sends through named buffer methods (see call-buffer.ts).
 * The conformance suite runs on such a cache, plus the cases the suite does not reach.
 */
import { describe, expect, it } from 'vitest'
import { runCacheSuite } from '@cachex-js/testkit'
import { RedisCache, type RedisClient } from '@cachex-js/redis-client'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

const { standalone } = sharedRedis()
const autoPipelining = { connectionOptions: { enableAutoPipelining: true } }

runCacheSuite({
  name: 'RedisCache (standalone, ioredis auto-pipelining)',
  createCache: (options) => new RedisCache({ ...options, location: standalone.url, options: autoPipelining }),
})

describe('auto-pipelining', () => {
  it('sends commands, scripts and transactions correctly when many go out in the same tick', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix('ap'), options: autoPipelining })
    const keys = Array.from({ length: 50 }, (_, i) => `k${i}`)
    // The first uses of SET, EVALSHA, UNLINK and PEXPIREAT all come while other commands are queued.
    const results = await Promise.all([
      ...keys.map((key, i) => cache.set(key, { i })),
      cache.set('n', 1),
      ...keys.map((key) => cache.get(key)),
    ])
    expect(results.slice(0, 51)).toEqual(Array(51).fill(true))
    expect(results.slice(51)).toEqual(keys.map((_, i) => ({ i })))
    const more = await Promise.all([
      cache.incr('n', 5),
      cache.get('k1'),
      cache.delete('k2'),
      cache.expireAt('k3', Date.now() / 1000 + 60),
      cache.getMany(['k4', 'k5', 'missing']),
      cache.setMany({ a: 1, b: 'two' }),
    ])
    expect(more).toEqual([6, { i: 1 }, true, true, { k4: { i: 4 }, k5: { i: 5 } }, []])
    expect(await cache.getMany(['k2', 'a', 'b'])).toEqual({ a: 1, b: 'two' })
  })

  it('keeps the exact command names on the wire (upper case, lower case for read-only commands)', async () => {
    const prefix = uniquePrefix('ap')
    const client = plainClient(standalone.url)
    const seen: string[] = []
    const monitor = await client.monitor()
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.includes(prefix))) seen.push(args[0]!)
    })
    try {
      const cache = testCache({ location: standalone.url, keyPrefix: prefix, options: autoPipelining })
      await Promise.all([cache.set('x', 'v'), cache.get('x'), cache.get('y'), cache.delete('z')])
      await cache.get('x')
      await expect.poll(() => seen.length).toBeGreaterThanOrEqual(5)
    } finally {
      monitor.disconnect()
    }
    expect(new Set(seen)).toEqual(new Set(['SET', 'get', 'UNLINK']))
  })

  it('leaves a client without auto-pipelining as it was (no methods added)', async () => {
    const client = plainClient(standalone.url)
    const cache = testCache({ location: client, keyPrefix: uniquePrefix('ap') })
    await cache.set('k', 1)
    expect(await cache.get('k')).toBe(1)
    expect((client as RedisClient & Record<string, unknown>).SETBuffer).toBeUndefined()
  })
})
