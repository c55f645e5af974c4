/**
 * Stored bytes another program (or corruption) put under a cache key, on a dedicated Redis: random garbage,
 * truncated frames, frames naming unknown codecs or layouts, and 1 GB decompression bombs for every
 * compressor. Each read is a value or `E_DESERIALIZATION` (never another error, never a crash, never a
 * hang), even under ignoreExceptions; the bomb is refused without being inflated; the cache stays healthy.
 */
import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { parseDecimalInteger } from '@cachex-js/core'
import type { RedisCache } from '@cachex-js/redis-client'
import { cborValue, jsonValue } from './support/arbitraries.js'
import { reportFigure } from './support/figures.js'
import { watchProcess } from './support/process-health.js'
import { adminClient, dedicatedServer, stopServer, testCache, uniquePrefix } from './support/redis.js'
import { brotliBomb, frame, gzipBomb, rawBomb, zlibBomb } from './support/stored-bytes.js'

const MB = 1024 * 1024
let server: RedisStandalone
const health = watchProcess()
const counts = { garbage: 0, truncated: 0, unknownCodec: 0, bombs: 0 }

beforeAll(async () => {
  server = await dedicatedServer()
})
afterAll(async () => {
  health.stop()
  reportFigure('stored bytes', { ...counts, unhandledRejections: health.unhandledRejections.length })
  await stopServer(server)
  expect(health.unhandledRejections).toEqual([])
})

function setup(options: Parameters<typeof testCache>[0]['options'] = {}): { cache: RedisCache; admin: Redis } {
  const cache = testCache({ location: server.url, keyPrefix: uniquePrefix('bytes'), options })
  return { cache, admin: adminClient(server.url) }
}

/** What reading `key` gave: a value, or the error's code. */
async function read(cache: RedisCache, key: string): Promise<{ value: unknown } | { code: unknown }> {
  try {
    return { value: await cache.get(key) }
  } catch (error) {
    return { code: (error as { code?: unknown }).code ?? String(error) }
  }
}

describe('random garbage', () => {
  it.each([
    ['cbor', { serializer: 'cbor' }],
    ['json', { serializer: 'json' }],
    ['cbor+json readers, gzip+brotli', { serializer: ['cbor', 'json'], compressor: ['gzip', 'brotli'] }],
  ] as const)('reads as a value only when the bytes are one (%s), else E_DESERIALIZATION', async (_name, options) => {
    const { cache, admin } = setup({ ...options, ignoreExceptions: true })
    const cborOnly = options.serializer === 'cbor'
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.uint8Array({ maxLength: 16 }).map((tail) => Uint8Array.from([0x00, 0x01, ...tail])), // frame-like
          fc.string().map((text) => new TextEncoder().encode(text)),
        ),
        async (bytes) => {
          await admin.set(cache.makeKey('junk'), Buffer.from(bytes))
          const result = await read(cache, 'junk')
          counts.garbage++
          if ('code' in result) {
            expect(result.code).toBe('E_DESERIALIZATION') // not swallowed by ignoreExceptions either
            await expect(cache.getMany(['junk'])).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
          } else if (cborOnly && bytes[0] !== 0x00) {
            // without a bare reader, only decimal integer text reads as a value
            expect(parseDecimalInteger(bytes)).toBe(result.value)
          }
        },
      ),
      { numRuns: 300 },
    )
    expect(await cache.set('healthy', { ok: 1 })).toBe(true)
    expect(await cache.get('healthy')).toEqual({ ok: 1 })
  })
})

describe('truncated frames', () => {
  it.each([
    ['cbor', { serializer: 'cbor' as const, compressor: 'none' as const }, cborValue],
    ['cbor + gzip', { serializer: 'cbor' as const, compressor: 'gzip' as const }, cborValue],
    ['json + gzip', { serializer: 'json' as const, compressor: 'gzip' as const }, jsonValue],
    ['cbor + brotli', { serializer: 'cbor' as const, compressor: 'brotli' as const }, cborValue],
  ])('%s: every truncation is E_DESERIALIZATION, never a wrong value', async (_name, options, values) => {
    const { cache, admin } = setup(options)
    const fullKey = cache.makeKey('value')
    await fc.assert(
      fc.asyncProperty(values, fc.double({ min: 0, max: 1, noNaN: true }), async (value, cut) => {
        // padded past minLength so the compressed path runs; an object so it is always a frame
        const stored = { value, pad: 'p'.repeat(400) }
        await cache.set('value', stored)
        const full = (await admin.getBuffer(fullKey))!
        const length = Math.min(full.length - 1, Math.floor(cut * full.length))
        await admin.set(fullKey, full.subarray(0, length))
        const result = await read(cache, 'value')
        counts.truncated++
        expect(result, `truncated to ${length}/${full.length} bytes`).toEqual({ code: 'E_DESERIALIZATION' })
      }),
      { numRuns: 150 },
    )
  })
})

describe('frames naming what this reader does not know', () => {
  it('unknown serializer or compressor ids and unknown layouts are E_DESERIALIZATION naming the codec', async () => {
    const { cache, admin } = setup({ serializer: ['cbor', 'json'], compressor: ['gzip', 'brotli'] })
    const fullKey = cache.makeKey('foreign')
    const id = fc.stringMatching(/^[\x21-\x7e]{1,32}$/)
    await fc.assert(
      fc.asyncProperty(id, id, fc.uint8Array({ maxLength: 32 }), async (serializerId, compressorId, payload) => {
        fc.pre(!['cbor', 'json', 'bytes'].includes(serializerId) && !['gzip', 'brotli'].includes(compressorId))
        await admin.set(fullKey, frame(serializerId, '', payload))
        await expect(cache.get('foreign')).rejects.toMatchObject({
          code: 'E_DESERIALIZATION',
          context: { codec: serializerId },
        })
        await admin.set(fullKey, frame('cbor', compressorId, payload))
        await expect(cache.get('foreign')).rejects.toMatchObject({
          code: 'E_DESERIALIZATION',
          context: { codec: compressorId },
        })
        counts.unknownCodec += 2
      }),
      { numRuns: 100 },
    )
    for (const layout of [0x00, 0x02, 0xff]) {
      await admin.set(fullKey, Buffer.from([0x00, layout, 4, ...Buffer.from('cbor'), 0, 0xf6]))
      await expect(cache.get('foreign')).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
    }
    await admin.set(fullKey, Buffer.from([0x00, 0x01, 200, 1, 2])) // an id longer than the bytes
    await expect(cache.get('foreign')).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
  })
})

describe('decompression bombs: 1 GB of zeros in ~1 MB', () => {
  const bound = 32 * MB
  it.each([
    ['gzip', () => gzipBomb(1024)],
    ['deflate', () => rawBomb(1024)],
    ['zlib', () => zlibBomb(1024)],
    ['brotli', () => brotliBomb(1024)],
  ] as const)(
    '%s: refused with E_DESERIALIZATION without being inflated',
    async (id, makeBomb) => {
      const { cache, admin } = setup({ compressor: [id], maxDecompressedSize: bound })
      const bomb = await makeBomb()
      expect(bomb.length).toBeLessThan(2 * MB)
      await admin.set(cache.makeKey('bomb'), frame('cbor', id, bomb))
      await cache.set('fine', 'still here')
      const rssBefore = process.memoryUsage().rss
      await expect(cache.get('bomb')).rejects.toMatchObject({ code: 'E_DESERIALIZATION', context: { codec: id } })
      await expect(cache.getMany(['fine', 'bomb'])).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
      expect(await cache.reinsertKeys()).toBe(1) // the bomb is skipped, the good value rewritten
      const grewMb = (process.memoryUsage().rss - rssBefore) / MB
      counts.bombs++
      reportFigure(`decompression bomb ${id}`, {
        compressedBytes: bomb.length,
        inflatesTo: '1 GiB',
        rssGrowthMb: Math.round(grewMb),
      })
      expect(grewMb, 'RSS grew by far less than the 1 GB the bomb holds').toBeLessThan(400)
      expect(await cache.get('fine')).toBe('still here')
    },
    60_000,
  )
})
