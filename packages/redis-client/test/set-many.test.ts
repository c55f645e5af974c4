/**
 * `setMany` on a single server: one MSET whatever the number of keys, inside MULTI/EXEC with one script call that
 * applies the timeout when there is one (atomic: no reader sees part of it, or a key without its timeout).
 */
import { describe, expect, it } from 'vitest'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

const { standalone } = sharedRedis()

describe('setMany on a single server', () => {
  it('writes every key with one MSET; the timeout is one script call in the same MULTI/EXEC', async () => {
    const prefix = uniquePrefix('sm')
    const cache = testCache({ location: standalone.url, keyPrefix: prefix })
    await cache.setMany({ warm: 1 })
    const seen: string[] = []
    const monitor = await plainClient(standalone.url).monitor()
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      const from = source === 'lua' ? 'script' : 'client'
      if (args.some((arg) => arg.includes(prefix)) || /^(multi|exec)$/i.test(args[0]!))
        seen.push(`${args[0]!.toUpperCase()} from ${from}`)
    })
    try {
      const entries = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, { i }]))
      expect(await cache.setMany(entries, 60)).toEqual([])
      expect(await cache.setMany({ forever: 'x', also: 'y' }, null)).toEqual([])
      await expect.poll(() => seen.filter((name) => name === 'MSET from client').length).toBe(2)
      expect(await cache.getMany(Object.keys(entries))).toEqual(entries)
    } finally {
      monitor.disconnect()
    }
    // the values never pass through Lua: no SET from a script, one PEXPIRE per key of the first call
    expect(seen.filter((name) => name !== 'PEXPIRE from script')).toEqual([
      'MULTI from client',
      'MSET from client',
      'EVAL from client',
      'EXEC from client',
      'MSET from client',
      'MGET from client',
    ])
    expect(seen.filter((name) => name === 'PEXPIRE from script')).toHaveLength(100)
    expect(await cache.ttl('k0')).toBeGreaterThan(55)
    expect(await cache.ttl('k99')).toBeGreaterThan(55)
    expect(await cache.ttl('forever')).toBeNull()
    expect(await cache.get('also')).toBe('y')
  })

  it('is atomic: a reader never sees part of a setMany, nor a key of it without its timeout', async () => {
    const prefix = uniquePrefix('sm-atomic')
    const writer = testCache({ location: standalone.url, keyPrefix: prefix })
    const reader = plainClient(standalone.url)
    const keys = Array.from({ length: 40 }, (_, i) => `part-${i}`)
    const fullKeys = keys.map((key) => writer.makeKey(key))
    const padding = 'x'.repeat(20_000) // large values reach the server in many reads
    let writing = true
    const mixed: unknown[] = []
    const reading = (async () => {
      let snapshots = 0
      while (writing || snapshots === 0) {
        const transaction = reader.multi().mget(...fullKeys)
        for (const key of fullKeys) transaction.pttl(key)
        const [[, values], ...ttls] = (await transaction.exec())! as [[null, (string | null)[]], ...[null, number][]]
        const rounds = new Set(values.map((value) => (value === null ? null : value.slice(0, 12))))
        const noTimeout = ttls.filter(([, ms], i) => values[i] !== null && ms < 0)
        if (rounds.size > 1 || noTimeout.length > 0) mixed.push({ rounds: [...rounds], noTimeout: noTimeout.length })
        snapshots++
      }
      return snapshots
    })()
    for (let round = 1; round <= 25; round++) {
      const value = `${round}:${padding}`
      expect(await writer.setMany(Object.fromEntries(keys.map((key) => [key, value])), 60)).toEqual([])
    }
    writing = false
    expect(await reading).toBeGreaterThan(0)
    expect(mixed).toEqual([])
    reader.disconnect()
  })
})
