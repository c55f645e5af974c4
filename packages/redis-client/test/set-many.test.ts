/**
 * `setMany` on a single server: one script call (atomic, like MULTI/EXEC) whatever the number of keys, with
 * the timeout applied to every key, or none.
 */
import { describe, expect, it } from 'vitest'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

const { standalone } = sharedRedis()

describe('setMany on a single server', () => {
  it('writes every key in one EVALSHA (no MULTI, no SET per key), with the timeout or without one', async () => {
    const prefix = uniquePrefix('sm')
    const cache = testCache({ location: standalone.url, keyPrefix: prefix })
    await cache.setMany({ warm: 1 }) // loads the script
    const seen: string[] = []
    const monitor = await plainClient(standalone.url).monitor()
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      const from = source === 'lua' ? 'script' : 'client'
      if (args.some((arg) => arg.includes(prefix))) seen.push(`${args[0]!.toUpperCase()} from ${from}`)
    })
    try {
      const entries = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, { i }]))
      expect(await cache.setMany(entries, 60)).toEqual([])
      expect(await cache.setMany({ forever: 'x', also: 'y' }, null)).toEqual([])
      await expect.poll(() => seen.filter((name) => name === 'EVALSHA from client').length).toBe(2)
      expect(await cache.getMany(Object.keys(entries))).toEqual(entries)
    } finally {
      monitor.disconnect()
    }
    expect(new Set(seen)).toEqual(new Set(['EVALSHA from client', 'SET from script', 'MGET from client']))
    expect(seen.filter((name) => name === 'SET from script')).toHaveLength(102)
    expect(await cache.ttl('k0')).toBeGreaterThan(55)
    expect(await cache.ttl('k99')).toBeGreaterThan(55)
    expect(await cache.ttl('forever')).toBeNull()
    expect(await cache.get('also')).toBe('y')
  })
})
