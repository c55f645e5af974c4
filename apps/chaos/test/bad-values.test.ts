/**
 * Values, property-based (fast-check), on a dedicated Redis for every built-in serializer (and the msgpack
 * plugin): what a serializer supports round-trips exactly; what it must refuse (functions, classes, symbols,
 * getters and proxies that throw, and for json cycles, bigint, NaN, Map...) is `E_SERIALIZATION` wherever it
 * sits in the value, and nothing is written: not the key (whose old value stays byte for byte), not the
 * other keys of a `setMany`, not a lease, not the earlier commands of a pipeline.
 */
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { MemoryCache, type Serializer } from '@cachex-js/core'
import type { RedisCache } from '@cachex-js/redis-client'
import { cbor } from '@cachex-js/serializers'
import { msgpackSerializer } from '@cachex-js/serializer-msgpack'
import {
  cborValue,
  jsonOnlyPoisons,
  jsonValue,
  plant,
  poisons,
  unicodeKey,
  type Poison,
} from './support/arbitraries.js'
import { reportFigure } from './support/figures.js'
import { watchProcess } from './support/process-health.js'
import { adminClient, dedicatedServer, stopServer, testCache, uniquePrefix } from './support/redis.js'

const RUNS = 100

interface CodecCase {
  name: string
  serializer: 'cbor' | 'json' | Serializer
  compressor?: 'gzip' | 'brotli'
  values: fc.Arbitrary<unknown>
  refused: Poison[]
}

const cycle: Poison = jsonOnlyPoisons.find((p) => p.label === 'a cycle')!

const cases: CodecCase[] = [
  { name: 'cbor (default)', serializer: 'cbor', values: cborValue, refused: poisons },
  { name: 'cbor + gzip', serializer: 'cbor', compressor: 'gzip', values: cborValue, refused: poisons },
  { name: 'cbor without cycles', serializer: cbor({ cycles: false }), values: cborValue, refused: [...poisons, cycle] },
  { name: 'json', serializer: 'json', values: jsonValue, refused: [...poisons, ...jsonOnlyPoisons] },
  {
    name: 'json + brotli',
    serializer: 'json',
    compressor: 'brotli',
    values: jsonValue,
    refused: [...poisons, ...jsonOnlyPoisons],
  },
  { name: 'msgpack plugin', serializer: msgpackSerializer, values: cborValue, refused: poisons },
]

let server: RedisStandalone
let admin: Redis
const counts = { roundTrips: 0, refusals: 0 }
const health = watchProcess()

beforeAll(async () => {
  server = await dedicatedServer()
})
afterAll(async () => {
  health.stop()
  reportFigure('bad values', { ...counts, unhandledRejections: health.unhandledRejections.length })
  await stopServer(server)
  expect(health.unhandledRejections).toEqual([])
  expect(health.uncaughtExceptions).toEqual([])
})

function cacheFor(codec: CodecCase): RedisCache {
  admin = adminClient(server.url)
  return testCache({
    location: server.url,
    keyPrefix: uniquePrefix('values'),
    options: { serializer: codec.serializer, compressor: codec.compressor ?? 'none', socketTimeout: 5 },
  })
}

/** Padding that pushes a value past the compressors' minLength, so the compressed path runs too. */
const PAD = 'p'.repeat(300)

describe.each(cases)('$name', (codec) => {
  it('round-trips every supported value exactly', async () => {
    const cache = cacheFor(codec)
    await fc.assert(
      fc.asyncProperty(unicodeKey, codec.values, fc.boolean(), async (key, value, padded) => {
        const stored = padded ? { value, PAD } : value
        expect(await cache.set(key, stored)).toBe(true)
        const back = await cache.get(key)
        counts.roundTrips++
        // strict: nested byte strings too must come back as the Buffers they were (compressed or not)
        const same = isDeepStrictEqual(back, stored)
        expect(same, 'the value read back differs from the value stored').toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses what it cannot encode with E_SERIALIZATION and writes nothing', async () => {
    const cache = cacheFor(codec)
    const raw = (key: string) => admin.getBuffer(cache.makeKey(key))
    await cache.set('existing', { old: true })
    const before = await raw('existing')
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...codec.refused),
        codec.values,
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.boolean(),
        async (poison, host, path, padded) => {
          const bad = plant(padded ? { host, PAD } : host, poison.make(), path)
          const refused = { code: 'E_SERIALIZATION', name: 'SerializationError' }
          await expect(cache.set('existing', bad), poison.label).rejects.toMatchObject(refused)
          await expect(cache.add('fresh', bad)).rejects.toMatchObject(refused)
          await expect(cache.setMany({ a: 1, b: bad, c: 'three' })).rejects.toMatchObject(refused)
          await expect(
            cache.setMany(
              new Map([
                ['d', 'four'],
                ['e', bad],
              ]),
            ),
          ).rejects.toMatchObject(refused)
          await expect(cache.getOrSet('computed', () => bad, 60)).rejects.toMatchObject(refused)
          await expect(
            (async () => cache.pipeline().set('piped', 'first').set('piped-bad', bad).exec())(),
          ).rejects.toMatchObject(refused)
          counts.refusals += 6
          // nothing half-written: the old value intact, no new key, no lease
          expect((await raw('existing'))?.equals(before!)).toBe(true)
          const leftovers = await admin.exists(
            ...['fresh', 'a', 'b', 'c', 'd', 'e', 'computed', 'piped', 'piped-bad'].map((k) => cache.makeKey(k)),
          )
          expect(leftovers).toBe(0)
        },
      ),
      { numRuns: RUNS },
    )
    expect(await admin.keys('__cachex_lease__:*')).toEqual([])
    // the process and the cache are healthy afterwards
    expect(await cache.get('existing')).toEqual({ old: true })
    expect(await cache.set('healthy', [1, 2, 3])).toBe(true)
    expect(await cache.get('healthy')).toEqual([1, 2, 3])
  })
})

describe('MemoryCache (v8 serializer)', () => {
  it('refuses functions, symbols, throwing getters and proxies with E_SERIALIZATION and keeps the old value', async () => {
    const cache = new MemoryCache({})
    await cache.set('existing', 'old')
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...poisons),
        cborValue,
        fc.array(fc.nat(), { maxLength: 3 }),
        async (poison, host, path) => {
          const bad = plant(host, poison.make(), path)
          await expect(cache.set('existing', bad), poison.label).rejects.toMatchObject({ code: 'E_SERIALIZATION' })
          await expect(cache.setMany({ a: 1, b: bad })).rejects.toMatchObject({ code: 'E_SERIALIZATION' })
          expect(await cache.get('existing')).toBe('old')
          expect(await cache.hasKey('a')).toBe(false)
          counts.refusals += 2
        },
      ),
      { numRuns: RUNS },
    )
  })
})
