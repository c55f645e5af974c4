import { randomBytes } from 'node:crypto'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  type Compressor,
  type Serializer,
  createCodecPipeline,
  noneCompressor,
  v8Serializer,
  DEFAULT_MAX_DECOMPRESSED_SIZE,
} from '@cachex-js/core'

/** A tiny JSON serializer for these tests (core cannot depend on @cachex-js/serializers). */
const json: Serializer = {
  id: 'json',
  unframed: true,
  serialize: (value) => {
    const text = JSON.stringify(value)
    if (text === undefined) throw new TypeError('not representable in JSON')
    return Buffer.from(text, 'utf8')
  },
  deserialize: (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown,
}

/** A framed serializer writing plain Uint8Arrays (not Buffers). */
const tagged: Serializer = {
  id: 'tagged',
  serialize: (value) => new Uint8Array(v8Serializer.serialize(value)),
  deserialize: (bytes) => v8Serializer.deserialize(bytes),
}

const deflate: Compressor = {
  id: 'deflate-test',
  minLength: 64,
  compress: (bytes) => deflateRawSync(bytes),
  decompress: (bytes, maxSize) => inflateRawSync(bytes, { maxOutputLength: maxSize }),
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')

describe('integers', () => {
  const codec = createCodecPipeline({ serializers: tagged })

  it('stores safe integers as plain decimal text', () => {
    for (const n of [0, 1, -1, 42, -9000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(text(codec.encode(n))).toBe(String(n))
      expect(codec.decode(codec.encode(n))).toBe(n)
    }
  })

  it('stores bigints beyond 2^53 as decimal and reads them back as bigint', () => {
    for (const n of [2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, 10n ** 30n]) {
      expect(text(codec.encode(n))).toBe(n.toString())
      expect(codec.decode(codec.encode(n))).toBe(n)
    }
  })

  it('reads decimal written by other clients', () => {
    expect(codec.decode(Buffer.from('12345678901234567890'))).toBe(12345678901234567890n)
    expect(codec.decode(Buffer.from('9007199254740991'))).toBe(Number.MAX_SAFE_INTEGER)
    expect(codec.decode(Buffer.from('-17'))).toBe(-17)
    expect(codec.decodeInteger(Buffer.from('17'))).toBe(17)
    expect(codec.decodeInteger(Buffer.from('017'))).toBeUndefined()
  })

  it('sends everything else through the serializer', () => {
    for (const value of [1.5, -0, 5n, '1', true, false, null, undefined, NaN, Infinity]) {
      const bytes = codec.encode(value)
      expect(bytes[0]).toBe(0)
      expect(codec.decode(bytes)).toStrictEqual(value)
    }
  })
})

describe('frames', () => {
  it('names the serializer and the compressor in a small header', () => {
    const codec = createCodecPipeline({ serializers: tagged, compressors: deflate })
    const small = codec.encode('x')
    expect([...small.subarray(0, 10)]).toEqual([0, 1, 6, ...Buffer.from('tagged'), 0])
    const big = codec.encode('y'.repeat(1000))
    expect(text(big.subarray(0, 22))).toBe('\x00\x01\x06tagged\x0cdeflate-test')
    expect(big.length).toBeLessThan(200)
    expect(codec.decode(big)).toBe('y'.repeat(1000))
  })

  it('compresses only from minLength and only when smaller', () => {
    const codec = createCodecPipeline({ serializers: json, compressors: deflate })
    expect(text(codec.encode('a'.repeat(20)))).toBe(JSON.stringify('a'.repeat(20)))
    const growing = createCodecPipeline({
      serializers: json,
      compressors: { ...deflate, compress: (bytes) => Buffer.concat([bytes, Buffer.from('!')]) },
    })
    const long = randomBytes(300).toString('base64')
    expect(text(growing.encode(long))).toBe(JSON.stringify(long))
    expect(codec.encode('a'.repeat(500))[0]).toBe(0)
  })

  it('returns Buffers', () => {
    const codec = createCodecPipeline({ serializers: tagged })
    expect(Buffer.isBuffer(codec.encode({ a: 1 }))).toBe(true)
    expect(Buffer.isBuffer(codec.encode(7))).toBe(true)
    const bare = createCodecPipeline({ serializers: { ...json, serialize: (v) => new Uint8Array(json.serialize(v)) } })
    expect(Buffer.isBuffer(bare.encode({ a: 1 }))).toBe(true)
  })

  it('round-trips bytes byte for byte', () => {
    const codec = createCodecPipeline({ serializers: v8Serializer, compressors: deflate })
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256))
    const back = codec.decode(codec.encode(bytes)) as Uint8Array
    expect(Buffer.from(back).equals(bytes)).toBe(true)
  })
})

describe('interop', () => {
  const codec = createCodecPipeline({ serializers: json })

  it('writes plain UTF-8 JSON when the serializer is unframed and nothing is compressed', () => {
    expect(text(codec.encode({ a: [1, 'é'] }))).toBe(Buffer.from('{"a":[1,"é"]}').toString('latin1'))
    expect(text(codec.encode('1'))).toBe('"1"')
    expect(text(codec.encode(1.5))).toBe('1.5')
    expect(text(codec.encode(true))).toBe('true')
    expect(codec.decode(Buffer.from('{"from":"django"}'))).toEqual({ from: 'django' })
  })

  it('frames JSON output that would read back as an integer or as empty', () => {
    const weird: Serializer = { ...json, serialize: (v) => (v === 'five' ? Buffer.from('5') : Buffer.alloc(0)) }
    const pipeline = createCodecPipeline({ serializers: weird })
    expect(pipeline.encode('five')[0]).toBe(0)
    expect(pipeline.encode('empty')[0]).toBe(0)
  })

  it('reads values written by any configured codec, whichever writes now', () => {
    const old = createCodecPipeline({ serializers: json, compressors: deflate })
    const stored = [old.encode({ v: 'x'.repeat(300) }), old.encode({ v: 1 }), old.encode(12)]
    const now = createCodecPipeline({ serializers: [tagged, json], compressors: [noneCompressor, deflate] })
    expect(stored.map((b) => now.decode(b))).toEqual([{ v: 'x'.repeat(300) }, { v: 1 }, 12])
    expect(now.encode('y'.repeat(1000))[3 + 6]).toBe(0) // 'none' never compresses
  })
})

describe('failures', () => {
  const codec = createCodecPipeline({ serializers: [tagged, json], compressors: deflate, maxDecompressedSize: 10_000 })

  it('E_SERIALIZATION with cause when a value cannot be encoded', () => {
    for (const bad of [() => 1, Symbol('s'), { f: () => 1 }]) {
      expect(() => codec.encode(bad)).toThrow(expect.objectContaining({ code: 'E_SERIALIZATION' }))
    }
    try {
      codec.encode({ f: () => 1 })
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(Error)
    }
    const broken = createCodecPipeline({
      serializers: tagged,
      compressors: {
        ...deflate,
        compress: () => {
          throw new Error('x')
        },
      },
    })
    expect(() => broken.encode('z'.repeat(100))).toThrow(expect.objectContaining({ code: 'E_SERIALIZATION' }))
    const notBytes = createCodecPipeline({ serializers: { ...tagged, serialize: () => 'text' as never } })
    expect(() => notBytes.encode({})).toThrow(expect.objectContaining({ code: 'E_SERIALIZATION' }))
  })

  const deserializationCases: [string, Uint8Array][] = [
    ['truncated header', Buffer.from([0, 1, 6, 0x74])],
    ['marker only', Buffer.from([0])],
    ['unknown frame version', Buffer.from([0, 9, 1, 0x61, 0, 1])],
    ['unknown serializer', Buffer.from([0, 1, 3, 0x61, 0x62, 0x63, 0, 1])],
    [
      'unknown compressor',
      Buffer.concat([Buffer.from([0, 1, 6]), Buffer.from('tagged'), Buffer.from([2, 0x7a, 0x7a]), Buffer.from('xx')]),
    ],
    [
      'corrupt payload',
      Buffer.concat([Buffer.from([0, 1, 6]), Buffer.from('tagged'), Buffer.from([0, 0xff, 0x0f, 0x49])]),
    ],
    [
      'corrupt compressed payload',
      Buffer.concat([
        Buffer.from([0, 1, 6]),
        Buffer.from('tagged'),
        Buffer.from([12]),
        Buffer.from('deflate-test'),
        Buffer.from('garbage'),
      ]),
    ],
    ['bare text that is not JSON', Buffer.from('not json')],
    ['empty bytes', Buffer.alloc(0)],
  ]
  it.each(deserializationCases)('E_DESERIALIZATION for %s', (_name, bytes) => {
    expect(() => codec.decode(bytes)).toThrow(expect.objectContaining({ code: 'E_DESERIALIZATION' }))
  })

  it('E_DESERIALIZATION for a value inflating beyond maxDecompressedSize', () => {
    const writer = createCodecPipeline({ serializers: tagged, compressors: deflate })
    const bomb = writer.encode('0'.repeat(1_000_000))
    expect(bomb.length).toBeLessThan(5_000)
    expect(() => codec.decode(bomb)).toThrow(expect.objectContaining({ code: 'E_DESERIALIZATION' }))
    const lying: Compressor = { ...deflate, decompress: (bytes) => inflateRawSync(bytes) }
    const unguarded = createCodecPipeline({ serializers: tagged, compressors: lying, maxDecompressedSize: 10_000 })
    expect(() => unguarded.decode(bomb)).toThrow(expect.objectContaining({ code: 'E_DESERIALIZATION' }))
  })

  it('E_DESERIALIZATION for bare bytes without an unframed serializer', () => {
    const framedOnly = createCodecPipeline({ serializers: tagged })
    expect(() => framedOnly.decode(Buffer.from('{"a":1}'))).toThrow(
      expect.objectContaining({ code: 'E_DESERIALIZATION' }),
    )
  })

  it('E_CONFIG for bad configurations', () => {
    const bad = [
      { serializers: [] },
      { serializers: [json, json] },
      { serializers: { ...json, id: '' } },
      { serializers: { ...json, id: 'x'.repeat(33) } },
      { serializers: { ...json, id: 'with space' } },
      { serializers: json, compressors: [deflate, deflate] },
      { serializers: json, maxDecompressedSize: 0 },
      { serializers: json, maxDecompressedSize: 1.5 },
    ]
    for (const options of bad) {
      expect(() => createCodecPipeline(options as never)).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
    }
    expect(createCodecPipeline({ serializers: json }).maxDecompressedSize).toBe(DEFAULT_MAX_DECOMPRESSED_SIZE)
  })
})

describe('inspect', () => {
  it('tells integers, frames and bare bytes apart', () => {
    const codec = createCodecPipeline({ serializers: [json, tagged], compressors: deflate })
    expect(codec.inspect(codec.encode(5))).toEqual({ format: 'integer' })
    expect(codec.inspect(codec.encode({ a: 1 }))).toEqual({ format: 'bare' })
    expect(codec.inspect(codec.encode('z'.repeat(500)))).toEqual({
      format: 'frame',
      serializer: 'json',
      compressor: 'deflate-test',
    })
    const tag = createCodecPipeline({ serializers: tagged })
    expect(tag.inspect(tag.encode('x'))).toEqual({ format: 'frame', serializer: 'tagged', compressor: undefined })
    expect(codec.inspect(Buffer.from([0]))).toEqual({ format: 'frame' })
  })
})

describe('raw bytes', () => {
  it('stores a top-level Uint8Array as itself, whatever the serializer', () => {
    const codec = createCodecPipeline({ serializers: json, compressors: deflate })
    const bytes = new Uint8Array([0, 1, 2, 0x31, 255])
    const stored = codec.encode(bytes)
    expect(codec.inspect(stored)).toEqual({ format: 'frame', serializer: 'bytes', compressor: undefined })
    expect(stored.subarray(stored.length - 5)).toEqual(Buffer.from(bytes))
    const back = codec.decode(stored) as Buffer
    expect(Buffer.isBuffer(back)).toBe(true)
    expect(back.equals(Buffer.from(bytes))).toBe(true)
    back[0] = 9
    expect((codec.decode(stored) as Buffer)[0]).toBe(0)
  })

  it('compresses large bytes and reads them back', () => {
    const codec = createCodecPipeline({ serializers: json, compressors: deflate })
    const bytes = Buffer.alloc(10_000, 7)
    const stored = codec.encode(bytes)
    expect(codec.inspect(stored).compressor).toBe('deflate-test')
    expect(stored.length).toBeLessThan(200)
    expect((codec.decode(stored) as Buffer).equals(bytes)).toBe(true)
  })

  it('round-trips empty bytes', () => {
    const codec = createCodecPipeline({ serializers: json })
    expect((codec.decode(codec.encode(new Uint8Array(0))) as Buffer).length).toBe(0)
  })

  it('reserves the serializer id "bytes"', () => {
    expect(() => createCodecPipeline({ serializers: { ...json, id: 'bytes' } })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG' }),
    )
  })
})
