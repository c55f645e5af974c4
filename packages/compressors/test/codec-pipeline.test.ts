import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { createCodecPipeline, v8Serializer } from '@cachex-js/core'
import { resolveCompressors } from '@cachex-js/compressors'

const ids = ['gzip', 'deflate', 'zlib', 'brotli'] as const
const big = { rows: Array.from({ length: 300 }, (_, i) => ({ id: i, name: `row ${i}`, tags: ['a', 'b'] })) }
const small = { id: 1 }

/** The compressor id a stored frame names (frame: 0x00, version, id length, id, compressor length, compressor). */
function frameCompressor(bytes: Uint8Array): string | undefined {
  const at = 3 + bytes[2]!
  const length = bytes[at]!
  return length === 0 ? undefined : Buffer.from(bytes.subarray(at + 1, at + 1 + length)).toString('latin1')
}

describe('compressors through the core pipeline', () => {
  for (const id of ids) {
    it(`${id}: compresses at/above minLength, stores small values uncompressed`, () => {
      const pipeline = createCodecPipeline({ serializers: [v8Serializer], compressors: resolveCompressors(id) })
      const stored = pipeline.encode(big)
      expect(frameCompressor(stored)).toBe(id)
      expect(pipeline.decode(stored)).toEqual(big)
      const storedSmall = pipeline.encode(small)
      expect(frameCompressor(storedSmall)).toBeUndefined()
      expect(pipeline.decode(storedSmall)).toEqual(small)
    })

    it(`${id}: keeps the uncompressed payload when compressing does not make it smaller`, () => {
      const pipeline = createCodecPipeline({ serializers: [v8Serializer], compressors: resolveCompressors(id) })
      const random = new Uint8Array(randomBytes(4096))
      const stored = pipeline.encode(random)
      expect(frameCompressor(stored)).toBeUndefined()
      expect(new Uint8Array(pipeline.decode(stored) as Uint8Array)).toEqual(random)
    })

    it(`${id}: maxDecompressedSize refuses values that inflate beyond it (E_DESERIALIZATION)`, () => {
      const writer = createCodecPipeline({ serializers: [v8Serializer], compressors: resolveCompressors(id) })
      const stored = writer.encode(big)
      const strict = createCodecPipeline({
        serializers: [v8Serializer],
        compressors: resolveCompressors(id),
        maxDecompressedSize: 1000,
      })
      expect(() => strict.decode(stored)).toThrowError(expect.objectContaining({ code: 'E_DESERIALIZATION' }))
    })

    it(`${id}: every truncation of a compressed frame is E_DESERIALIZATION`, () => {
      const pipeline = createCodecPipeline({ serializers: [v8Serializer], compressors: resolveCompressors(id) })
      const stored = pipeline.encode(big)
      for (let i = 0; i < stored.length; i++) {
        expect(() => pipeline.decode(stored.subarray(0, i)), `prefix ${i}`).toThrowError(
          expect.objectContaining({ code: 'E_DESERIALIZATION' }),
        )
      }
    })
  }

  it('switching compressors keeps data readable by any configuration that lists the old one', () => {
    const writers = ['none', ...ids]
    for (const writerId of writers) {
      const stored = createCodecPipeline({
        serializers: [v8Serializer],
        compressors: resolveCompressors(writerId),
      }).encode(big)
      for (const readerFirst of writers) {
        const readers = [readerFirst, ...writers.filter((w) => w !== readerFirst)]
        const reader = createCodecPipeline({ serializers: [v8Serializer], compressors: resolveCompressors(readers) })
        expect(reader.decode(stored), `${writerId} -> [${readers.join(', ')}]`).toEqual(big)
      }
    }
  })

  it('a reader that does not know the compressor refuses with E_DESERIALIZATION', () => {
    const stored = createCodecPipeline({
      serializers: [v8Serializer],
      compressors: resolveCompressors('brotli'),
    }).encode(big)
    const reader = createCodecPipeline({ serializers: [v8Serializer], compressors: resolveCompressors(['gzip']) })
    expect(() => reader.decode(stored)).toThrowError(expect.objectContaining({ code: 'E_DESERIALIZATION' }))
  })
})
