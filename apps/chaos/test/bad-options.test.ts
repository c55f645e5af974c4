/**
 * Options from the edges of the number line (NaN, ±Infinity, -0, negatives, 1e300) and of the wrong type,
 * property-based (fast-check), on a dedicated Redis: each is either given its documented meaning or refused
 * with a `CachexError` naming the field (`E_CONFIG`; `E_NOT_AN_INTEGER` for deltas), before anything is
 * written. Unknown codec ids are `E_CONFIG` at creation.
 */
import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { MAX_EXPIRY_MS } from '@cachex-js/core'
import { RedisCache } from '@cachex-js/redis-client'
import { compressorIds } from '@cachex-js/compressors'
import { serializerIds } from '@cachex-js/serializers'
import { edgyNumber, nonNumber } from './support/arbitraries.js'
import { reportFigure } from './support/figures.js'
import { watchProcess } from './support/process-health.js'
import { adminClient, dedicatedServer, stopServer, testCache, uniquePrefix } from './support/redis.js'

let server: RedisStandalone
const health = watchProcess()
let checked = 0

beforeAll(async () => {
  server = await dedicatedServer()
})
afterAll(async () => {
  health.stop()
  reportFigure('bad options', { cases: checked, unhandledRejections: health.unhandledRejections.length })
  await stopServer(server)
  expect(health.unhandledRejections).toEqual([])
})

function setup(): { cache: RedisCache; admin: Redis } {
  return { cache: testCache({ location: server.url, keyPrefix: uniquePrefix('opts') }), admin: adminClient(server.url) }
}

const badTimeout = fc.oneof(fc.constant(NaN), nonNumber)

describe('timeouts', () => {
  it('set/add/setMany: NaN and non-numbers are E_CONFIG (nothing written); <= 0 keeps nothing; Infinity persists', async () => {
    const { cache, admin } = setup()
    const fullKey = cache.makeKey('k')
    await fc.assert(
      fc.asyncProperty(fc.oneof(edgyNumber, badTimeout), async (timeout) => {
        await cache.set('k', 'old', 60)
        const refused = typeof timeout !== 'number' || Number.isNaN(timeout)
        const calls = [
          () => cache.set('k', 'new', timeout as number),
          () => cache.setMany({ k: 'new', other: 1 }, timeout as number),
          () => cache.add('other', 'new', timeout as number),
          () => cache.touch('k', timeout as number),
          () => cache.getOrSet('other', () => 'new', timeout as number),
        ]
        checked++
        if (refused) {
          for (const call of calls)
            await expect(call()).rejects.toMatchObject({ code: 'E_CONFIG', context: { field: 'timeout' } })
          expect(await cache.get('k')).toBe('old')
          expect(await admin.pttl(fullKey)).toBeGreaterThan(50_000)
          expect(await admin.exists(cache.makeKey('other'))).toBe(0)
          return
        }
        expect(await cache.set('k', 'new', timeout)).toBe(true)
        const pttl = await admin.pttl(fullKey)
        if (timeout <= 0) expect(pttl, 'not kept').toBe(-2)
        else if (timeout === Infinity) expect(pttl, 'persisted').toBe(-1)
        else {
          const expected = Math.min(MAX_EXPIRY_MS, Math.max(1, Math.round(timeout * 1000)))
          // still alive (or expired within the tiniest timeouts), never longer than asked
          expect(pttl <= expected && (pttl > 0 || expected < 100)).toBe(true)
        }
        expect(await cache.add('other', 'new', timeout)).toBe(true)
        await cache.delete('other')
      }),
      { numRuns: 150 },
    )
  })

  it('expire/pexpire/expireAt: NaN, ±Infinity, invalid dates and non-numbers are E_CONFIG; the TTL is untouched', async () => {
    const { cache, admin } = setup()
    const fullKey = cache.makeKey('k')
    await cache.set('k', 1, 600)
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, new Date(NaN)), nonNumber), async (bad) => {
        for (const call of [
          () => cache.expire('k', bad as number),
          () => cache.pexpire('k', bad as number),
          () => cache.expireAt('k', bad as number),
          () => cache.pexpireAt('k', bad as number),
        ]) {
          await expect(call()).rejects.toMatchObject({ code: 'E_CONFIG' })
          checked++
        }
        expect(await admin.pttl(fullKey)).toBeGreaterThan(500_000)
      }),
      { numRuns: 30 },
    )
  })
})

describe('deltas and versions', () => {
  it('incr/decr: NaN, Infinity, fractions, non-numbers and bigints beyond 64 bits are E_NOT_AN_INTEGER; the value stays', async () => {
    const { cache } = setup()
    await cache.set('n', 10, null)
    const badDelta = fc.oneof(
      edgyNumber.filter((d) => !Number.isSafeInteger(d)),
      nonNumber.filter((d) => typeof d !== 'bigint'),
      fc.bigInt({ min: 2n ** 64n, max: 2n ** 80n }).map((n) => (n % 2n === 0n ? n : -n)),
    )
    await fc.assert(
      fc.asyncProperty(badDelta, async (delta) => {
        await expect(cache.incr('n', delta as number)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
        await expect(cache.decr('n', delta as number)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
        checked += 2
      }),
      { numRuns: 100 },
    )
    expect(await cache.get('n')).toBe(10)
  })

  it('a version that is not a safe integer is E_CONFIG from every method', async () => {
    const { cache } = setup()
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          edgyNumber.filter((v) => !Number.isSafeInteger(v)),
          nonNumber,
        ),
        async (version) => {
          const options = { version: version as number }
          for (const call of [
            () => cache.get('k', undefined, options),
            () => cache.set('k', 1, 60, options),
            () => cache.getMany(['k'], options),
            () => cache.incrVersion('k', 1, options),
            () => cache.deletePattern('*', options),
          ]) {
            await expect(call()).rejects.toMatchObject({ code: 'E_CONFIG', context: { field: 'version' } })
            checked++
          }
        },
      ),
      { numRuns: 50 },
    )
  })

  it('getOrSet: a NaN or non-number lockTimeout/staleCacheTimeout is E_CONFIG; finite numbers work, no lease is left', async () => {
    const { cache, admin } = setup()
    const option = fc.constantFrom('lockTimeout', 'staleCacheTimeout')
    // Infinity and 1e300 included: they used to reject with E_NOT_AN_INTEGER (a PX beyond 64 bits)
    const value = fc.oneof(fc.constant(NaN), nonNumber, edgyNumber, fc.double({ min: -1e6, max: 1e6, noNaN: true }))
    await fc.assert(
      fc.asyncProperty(option, value, async (name, setting) => {
        await cache.delete('g')
        const call = cache.getOrSet('g', () => 'computed', 60, { [name]: setting })
        checked++
        if (typeof setting !== 'number' || Number.isNaN(setting)) {
          await expect(call).rejects.toMatchObject({ code: 'E_CONFIG', context: { field: name } })
        } else {
          expect(await call).toBe('computed')
        }
      }),
      { numRuns: 100 },
    )
    for (const huge of [Infinity, 1e300]) {
      await cache.delete('g')
      expect(await cache.getOrSet('g', () => 'stale forever', 60, { staleCacheTimeout: huge })).toBe('stale forever')
      expect(await admin.pttl(cache.makeKey('g')), 'kept ~a century, like staleCacheTimeout: null').toBeGreaterThan(
        50 * 365 * 24 * 3600 * 1000,
      )
      expect(await cache.getOrSet('h', () => 'locked long', 60, { lockTimeout: huge })).toBe('locked long')
      await cache.delete('h')
    }
    expect(await admin.keys('__cachex_lease__:*')).toEqual([])
  })
})

describe('configuration', () => {
  it('unknown serializer and compressor ids are E_CONFIG naming the field, before any connection', () => {
    const known = new Set([...serializerIds(), ...compressorIds()])
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat({ max: 2 }), (id, position) => {
        fc.pre(!known.has(id))
        const list = ['cbor', 'json', 'cbor'].slice(0, position).concat(id)
        for (const [option, value, field] of [
          ['serializer', id, 'options.serializer'],
          ['compressor', id, 'options.compressor'],
          ['compressor', ['gzip', id], 'options.compressor[1]'],
          ['serializer', [...new Set(list.slice(0, -1)), id], `options.serializer[${new Set(list.slice(0, -1)).size}]`],
        ] as const) {
          expect(() => new RedisCache({ location: server.url, options: { [option]: value } })).toThrow(
            expect.objectContaining({ code: 'E_CONFIG', context: expect.objectContaining({ field }) }),
          )
          checked++
        }
      }),
      { numRuns: 100 },
    )
  })

  it("socketTimeout beyond Node's longest timer (~24.8 days) is E_CONFIG; just below it, calls work", async () => {
    // it used to be accepted, and every timer fired after 1 ms: each call failed with E_CONNECTION at once
    for (const field of ['socketTimeout', 'socketConnectTimeout']) {
      for (const seconds of [2_147_484, 3e6, 1e300, Number.MAX_SAFE_INTEGER]) {
        expect(() => new RedisCache({ location: server.url, options: { [field]: seconds } })).toThrow(
          expect.objectContaining({
            code: 'E_CONFIG',
            context: expect.objectContaining({ field: `options.${field}` }),
          }),
        )
      }
      const cache = testCache({ location: server.url, keyPrefix: uniquePrefix('cfg'), options: { [field]: 2_147_483 } })
      expect(await cache.set('k', 1)).toBe(true)
      expect(await cache.get('k')).toBe(1)
      checked += 5
    }
  })

  it('maxDecompressedSize beyond 2^53 is E_CONFIG naming options.maxDecompressedSize', () => {
    // it used to pass the option check (an integer) and fail in the codec pipeline, naming another field
    for (const size of [2 ** 53, 1e300]) {
      expect(() => new RedisCache({ location: server.url, options: { maxDecompressedSize: size } })).toThrow(
        expect.objectContaining({
          code: 'E_CONFIG',
          context: expect.objectContaining({ field: 'options.maxDecompressedSize' }),
        }),
      )
      checked++
    }
  })

  it('number options at the edges: E_CONFIG naming the field, or a cache that works', async () => {
    const option = fc.constantFrom(
      'socketTimeout',
      'socketConnectTimeout',
      'maxDecompressedSize',
      'scanItersize',
      'timeout',
      'version',
    )
    const number = fc.oneof(edgyNumber, nonNumber)
    await fc.assert(
      fc.asyncProperty(option, number, async (name, setting) => {
        const config =
          name === 'timeout' || name === 'version'
            ? { location: server.url, keyPrefix: uniquePrefix('cfg'), [name]: setting }
            : { location: server.url, keyPrefix: uniquePrefix('cfg'), options: { [name]: setting } }
        let cache: RedisCache
        try {
          cache = new RedisCache(config)
        } catch (error) {
          const field = name === 'timeout' || name === 'version' ? name : `options.${name}`
          expect(error).toMatchObject({ code: 'E_CONFIG', context: { field } })
          checked++
          return
        }
        try {
          if (name !== 'socketTimeout' && name !== 'socketConnectTimeout') {
            await cache.set('k', { ok: true })
            const read = await cache.get('k', 'gone')
            const seconds = name === 'timeout' ? (setting as number) : Infinity
            if (seconds <= 0) expect(read).toBe('gone')
            else if (seconds >= 5) expect(read).toEqual({ ok: true })
          }
          checked++
        } finally {
          await cache.close()
        }
      }),
      { numRuns: 150 },
    )
  })
})
