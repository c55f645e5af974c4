import { describe, expect, it } from 'vitest'
import { type Compressor, createCodecPipeline, v8Serializer } from '@cachex-js/core'

/** Options of {@link runCompressorSuite}. */
export interface CompressorSuiteOptions {
  /** Size of the large inputs used, in bytes. Default 1 MiB. */
  largeSize?: number
}

function pseudoRandom(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    out[i] = state >>> 24
  }
  return out
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)

/**
 * Registers the compressor conformance suite (CONTRACT section 9) for `compressor`: exact round trips
 * (empty, tiny, every byte value, large compressible and incompressible inputs), real compression of
 * repetitive data, the `maxSize` guard, errors on corrupt and truncated input, and the pipeline's rules
 * around it (`minLength`, only-if-smaller, bounded inflation as `E_DESERIALIZATION`).
 */
export function runCompressorSuite(compressor: Compressor, options: CompressorSuiteOptions = {}): void {
  const large = options.largeSize ?? 1024 * 1024
  const text = Buffer.from(
    'the quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(large / 45)).slice(0, large),
  )
  const inputs: [string, Uint8Array][] = [
    ['empty input', new Uint8Array(0)],
    ['one byte', new Uint8Array([7])],
    ['every byte value', Uint8Array.from({ length: 4096 }, (_, i) => i % 256)],
    ['large repetitive text', text],
    ['large zeros', new Uint8Array(large)],
    ['large incompressible bytes', pseudoRandom(large)],
  ]

  describe(`compressor conformance: ${compressor.id}`, () => {
    it('has a stable id of 1-32 printable ASCII characters and a minLength', () => {
      expect(compressor.id).toMatch(/^[\x21-\x7e]{1,32}$/)
      expect(typeof compressor.minLength).toBe('number')
      expect(compressor.minLength).toBeGreaterThanOrEqual(0)
      expect(() => createCodecPipeline({ serializers: v8Serializer, compressors: compressor })).not.toThrow()
    })

    it.each(inputs)('round-trips %s', (_label, input) => {
      const compressed = compressor.compress(input)
      expect(compressed).toBeInstanceOf(Uint8Array)
      const back = compressor.decompress(compressed, Math.max(input.length, 1))
      expect(back).toBeInstanceOf(Uint8Array)
      expect(same(back, input)).toBe(true)
    })

    it('does not alter its input', () => {
      const input = Uint8Array.from(text.subarray(0, 10_000))
      const copy = Uint8Array.from(input)
      compressor.decompress(compressor.compress(input), input.length)
      expect(same(input, copy)).toBe(true)
    })

    it('makes repetitive data much smaller', () => {
      expect(compressor.compress(text).length).toBeLessThan(text.length / 4)
    })

    it('accepts exactly maxSize bytes', () => {
      const compressed = compressor.compress(text)
      expect(compressor.decompress(compressed, text.length).length).toBe(text.length)
    })

    it('throws rather than inflate beyond maxSize', () => {
      const compressed = compressor.compress(new Uint8Array(large))
      expect(() => compressor.decompress(compressed, 1000)).toThrow()
      expect(() => compressor.decompress(compressed, large - 1)).toThrow()
    })

    it('throws on truncated input', () => {
      const compressed = compressor.compress(text)
      expect(() => compressor.decompress(compressed.subarray(0, Math.floor(compressed.length / 2)), large)).toThrow()
    })

    it('throws on bytes it did not write', () => {
      expect(() => compressor.decompress(new Uint8Array(64).fill(0xff), large)).toThrow()
    })

    describe('in the codec pipeline', () => {
      const pipeline = createCodecPipeline({ serializers: v8Serializer, compressors: compressor })

      it('compresses values from minLength on, and reads them back', () => {
        const value = 'a'.repeat(Math.max(compressor.minLength, 1000) * 2)
        const stored = pipeline.encode(value)
        expect(pipeline.inspect(stored)).toMatchObject({ format: 'frame', compressor: compressor.id })
        expect(stored.length).toBeLessThan(value.length)
        expect(pipeline.decode(stored)).toBe(value)
      })

      it.runIf(compressor.minLength > 8)('leaves values under minLength uncompressed', () => {
        const stored = pipeline.encode('a'.repeat(Math.max(0, compressor.minLength - 8) / 2))
        expect(pipeline.inspect(stored).compressor).toBeUndefined()
      })

      it('keeps incompressible values uncompressed (only when smaller)', () => {
        const value = pseudoRandom(Math.max(compressor.minLength, 1024) * 4, 99)
        const stored = pipeline.encode(value)
        expect(pipeline.inspect(stored).compressor).toBeUndefined()
        expect(same(pipeline.decode(stored) as Uint8Array, value)).toBe(true)
      })

      it('refuses values inflating beyond maxDecompressedSize with E_DESERIALIZATION', () => {
        const bounded = createCodecPipeline({
          serializers: v8Serializer,
          compressors: compressor,
          maxDecompressedSize: 10_000,
        })
        const stored = pipeline.encode(new Uint8Array(large))
        expect(() => bounded.decode(stored)).toThrow(expect.objectContaining({ code: 'E_DESERIALIZATION' }))
      })

      it('reports corrupt compressed payloads as E_DESERIALIZATION', () => {
        const stored = Buffer.from(pipeline.encode(text.toString('latin1')))
        const head =
          stored.length - pipeline.compressor!.compress(v8Serializer.serialize(text.toString('latin1'))).length
        const truncated = stored.subarray(0, head + 10)
        expect(() => pipeline.decode(truncated)).toThrow(expect.objectContaining({ code: 'E_DESERIALIZATION' }))
      })
    })
  })
}
