import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { gunzipSync, inflateRawSync, inflateSync, brotliDecompressSync } from 'node:zlib'
import type { Compressor } from '@cachex-js/core'
import { isCachexError } from '@cachex-js/core'
import {
  brotli,
  brotliCompressor,
  deflate,
  deflateCompressor,
  gzip,
  gzipCompressor,
  zlib,
  zlibCompressor,
} from '@cachex-js/compressors'

const MB = 1024 * 1024
const text = new TextEncoder().encode(
  JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, name: `user ${i}`, tags: ['a', 'b'] }))),
)

/** What node:zlib (the reference implementation) makes of each compressor's output. */
const reference: Record<string, (bytes: Uint8Array) => Uint8Array> = {
  gzip: (b) => gunzipSync(b),
  deflate: (b) => inflateRawSync(b),
  zlib: (b) => inflateSync(b),
  brotli: (b) => brotliDecompressSync(b),
}

const builtIns: [string, Compressor, (level: number) => Compressor][] = [
  ['gzip', gzipCompressor, (level) => gzip({ level })],
  ['deflate', deflateCompressor, (level) => deflate({ level })],
  ['zlib', zlibCompressor, (level) => zlib({ level })],
  ['brotli', brotliCompressor, (quality) => brotli({ quality })],
]

function deserializationError(fn: () => unknown): void {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(isCachexError(caught, 'E_DESERIALIZATION'), String(caught)).toBe(true)
}

for (const [id, compressor, withLevel] of builtIns) {
  describe(`${id} compressor`, () => {
    it('has its id and the default minLength of 256', () => {
      expect(compressor.id).toBe(id)
      expect(compressor.minLength).toBe(256)
    })

    it('round-trips, shrinks repetitive data, and writes the standard format', () => {
      const packed = compressor.compress(text)
      expect(packed.length).toBeLessThan(text.length / 3)
      expect(compressor.decompress(packed, text.length)).toEqual(text)
      expect(new Uint8Array(reference[id]!(packed))).toEqual(text)
    })

    it('round-trips arbitrary bytes at every level', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4096 }), fc.integer({ min: 0, max: 9 }), (bytes, level) => {
          const c = withLevel(level)
          expect(c.decompress(c.compress(bytes), bytes.length)).toEqual(bytes)
        }),
        { numRuns: 150 },
      )
    })

    it('accepts output of exactly maxSize bytes and rejects one byte more (one-shot and streaming paths)', () => {
      for (const input of [text, new Uint8Array(200_000)]) {
        const packed = compressor.compress(input)
        expect(compressor.decompress(packed, input.length)).toEqual(input)
        deserializationError(() => compressor.decompress(packed, input.length - 1))
      }
    })

    it('rejects every truncation with E_DESERIALIZATION', () => {
      const packed = compressor.compress(text)
      for (let i = 0; i < packed.length; i++)
        deserializationError(() => compressor.decompress(packed.subarray(0, i), MB))
    })

    it('never crashes on arbitrary bytes: a value or E_DESERIALIZATION', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
          try {
            const out = compressor.decompress(bytes, 64 * 1024)
            expect(out.length).toBeLessThanOrEqual(64 * 1024)
          } catch (error) {
            expect(isCachexError(error, 'E_DESERIALIZATION'), String(error)).toBe(true)
          }
        }),
        { numRuns: 1000 },
      )
    })

    it('refuses a maxSize that is not a number >= 0 instead of returning nothing', () => {
      const packed = compressor.compress(text)
      for (const maxSize of [NaN, -1, undefined as unknown as number]) {
        deserializationError(() => compressor.decompress(packed, maxSize))
      }
      deserializationError(() => compressor.decompress(packed, 0))
    })

    it('validates its options with E_CONFIG', () => {
      for (const level of [-1, 12, 1.5, NaN])
        expect(() => withLevel(level)).toThrowError(expect.objectContaining({ code: 'E_CONFIG' }))
      expect(withLevel(0).decompress(withLevel(0).compress(text), text.length)).toEqual(text)
    })
  })
}

describe('checksums (gzip CRC-32, zlib Adler-32): corruption never yields wrong bytes', () => {
  for (const [id, compressor] of [
    ['gzip', gzipCompressor],
    ['zlib', zlibCompressor],
  ] as const) {
    it(`${id}: flipping any single bit is detected or harmless (exhaustive; Adler-32 lets rare ones through)`, () => {
      // (a flip in gzip's mtime/OS fields or in the padding after the last block changes nothing)
      const input = text.subarray(0, 6000)
      const packed = compressor.compress(input)
      let wrong = 0
      for (let bit = 0; bit < packed.length * 8; bit++) {
        const bad = Uint8Array.from(packed)
        bad[bit >> 3]! ^= 1 << (bit & 7)
        try {
          if (!Buffer.from(compressor.decompress(bad, MB)).equals(input)) wrong++
        } catch (error) {
          expect(isCachexError(error, 'E_DESERIALIZATION'), String(error)).toBe(true)
        }
      }
      // CRC-32 catches every one here; Adler-32 is weaker (node:zlib accepts the same rare collisions)
      expect(wrong).toBeLessThanOrEqual(id === 'gzip' ? 0 : Math.ceil(packed.length * 8 * 0.001))
    })

    it(`${id}: trailing garbage is E_DESERIALIZATION`, () => {
      deserializationError(() => compressor.decompress(Uint8Array.of(...compressor.compress(text), 0), MB))
    })
  }

  it('gzip reads members with optional header fields (file name, comment, extra, header CRC)', () => {
    const member = gzipCompressor.compress(text)
    const body = member.subarray(10)
    const header = Uint8Array.of(0x1f, 0x8b, 8, 0x04 | 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3)
    const extra = Uint8Array.of(2, 0, 0xab, 0xcd)
    const name = new TextEncoder().encode('file.json\0')
    const comment = new TextEncoder().encode('hi\0')
    const withFields = Uint8Array.from([...header, ...extra, ...name, ...comment, 0, 0, ...body])
    expect(gzipCompressor.decompress(withFields, MB)).toEqual(text)
  })
})

describe('compressor options', () => {
  it('minLength is configurable, including Infinity (never compress)', () => {
    expect(gzip({ minLength: 0 }).minLength).toBe(0)
    expect(brotli({ minLength: 4096 }).minLength).toBe(4096)
    expect(zlib({ minLength: Infinity }).minLength).toBe(Infinity)
    expect(() => deflate({ minLength: -1 })).toThrowError(expect.objectContaining({ code: 'E_CONFIG' }))
  })

  it('brotli validates windowBits and mode; gzip/deflate/zlib validate mem', () => {
    expect(() => brotli({ windowBits: 9 })).toThrowError(expect.objectContaining({ code: 'E_CONFIG' }))
    expect(() => brotli({ mode: 'binary' as 'text' })).toThrowError(expect.objectContaining({ code: 'E_CONFIG' }))
    expect(() => gzip({ mem: 13 })).toThrowError(expect.objectContaining({ code: 'E_CONFIG' }))
    const c = brotli({ quality: 11, windowBits: 16, mode: 'text' })
    expect(c.decompress(c.compress(text), text.length)).toEqual(text)
    const g = gzip({ level: 9, mem: 12 })
    expect(g.decompress(g.compress(text), text.length)).toEqual(text)
  })

  it('gzip output is deterministic (mtime 0, no file name)', () => {
    expect(gzipCompressor.compress(text)).toEqual(gzipCompressor.compress(text))
    expect([...gzipCompressor.compress(text).subarray(3, 8)]).toEqual([0, 0, 0, 0, 0])
  })
})
