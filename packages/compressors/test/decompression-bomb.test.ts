import { beforeAll, describe, expect, it } from 'vitest'
import { constants, createBrotliCompress, deflateRawSync, gzipSync } from 'node:zlib'
import type { Compressor } from '@cachex-js/core'
import { brotliCompressor, deflateCompressor, gzipCompressor, zlibCompressor } from '@cachex-js/compressors'

const MB = 1024 * 1024

/**
 * Decompression bombs of `megabytes` MB of zeros, built without ever holding the inflated bytes: DEFLATE
 * fragments ending in a full flush are byte-aligned and independent, so one 1 MB fragment (~1 KB) repeated
 * n times is a valid stream; brotli is compressed as a stream.
 */
const fragment = deflateRawSync(Buffer.alloc(MB), { level: 9, finishFlush: constants.Z_FULL_FLUSH })
const finalBlock = Uint8Array.of(0x03, 0x00)

function rawBomb(megabytes: number): Uint8Array {
  const out = new Uint8Array(fragment.length * megabytes + finalBlock.length)
  for (let i = 0; i < megabytes; i++) out.set(fragment, i * fragment.length)
  out.set(finalBlock, fragment.length * megabytes)
  return out
}

function zlibBomb(megabytes: number): Uint8Array {
  const adler = (((megabytes * MB) % 65521) * 65536 + 1) >>> 0 // Adler-32 of n zeros: a = 1, b = n mod 65521
  const trailer = Uint8Array.of(adler >>> 24, (adler >>> 16) & 0xff, (adler >>> 8) & 0xff, adler & 0xff)
  return Uint8Array.from([0x78, 0xda, ...rawBomb(megabytes), ...trailer])
}

function gzipBomb(megabytes: number, withValidTrailer: boolean): Uint8Array {
  const header = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3)
  // the trailer (CRC-32, length) is only reached when the whole bomb is inflated: only the small one needs it
  const trailer = withValidTrailer ? gzipSync(Buffer.alloc(megabytes * MB)).subarray(-8) : new Uint8Array(8)
  return Uint8Array.from([...header, ...rawBomb(megabytes), ...trailer])
}

async function brotliBomb(megabytes: number): Promise<Uint8Array> {
  const stream = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise((resolve) => stream.on('end', resolve))
  const zeros = Buffer.alloc(MB)
  for (let i = 0; i < megabytes; i++) {
    if (!stream.write(zeros)) await new Promise((resolve) => stream.once('drain', resolve))
  }
  stream.end()
  await ended
  return Buffer.concat(chunks)
}

const bombs: Record<string, { small: Uint8Array; huge: Uint8Array; compressor: Compressor }> = {}

beforeAll(async () => {
  bombs.deflate = { small: rawBomb(16), huge: rawBomb(1024), compressor: deflateCompressor }
  bombs.zlib = { small: zlibBomb(16), huge: zlibBomb(1024), compressor: zlibCompressor }
  bombs.gzip = { small: gzipBomb(16, true), huge: gzipBomb(1024, false), compressor: gzipCompressor }
  bombs.brotli = { small: await brotliBomb(16), huge: await brotliBomb(1024), compressor: brotliCompressor }
})

describe('decompression bombs: 1 GB of zeros is refused without being inflated', () => {
  for (const id of ['deflate', 'zlib', 'gzip', 'brotli']) {
    it(`${id}: the bomb is well-formed (its 16 MB sibling inflates fully within a 16 MB bound)`, () => {
      const { small, compressor } = bombs[id]!
      const out = compressor.decompress(small, 16 * MB)
      expect(out.length).toBe(16 * MB)
      expect(out.every((b) => b === 0)).toBe(true)
    })

    it(`${id}: 1 GB compressed to ~1 MB or less is rejected with E_DESERIALIZATION at a 16 MB bound, RSS barely moves`, () => {
      const { huge, compressor } = bombs[id]!
      expect(huge.length).toBeLessThan(1.1 * MB)
      globalThis.gc?.()
      const before = process.memoryUsage().rss
      expect(() => compressor.decompress(huge, 16 * MB)).toThrowError(
        expect.objectContaining({
          code: 'E_DESERIALIZATION',
          message: expect.stringContaining('inflates to more than maxDecompressedSize'),
        }),
      )
      const grown = process.memoryUsage().rss - before
      // inflating the whole bomb would add ~1 GB; a bounded read adds at most the bound plus working buffers
      expect(grown).toBeLessThan(128 * MB)
    })
  }
})
