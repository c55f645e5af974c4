import { isDeepStrictEqual } from 'node:util'
import { Decoder, Encoder } from 'cbor-x'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cborSerializer } from '@cachex-js/serializers'
import { decodePlainCbor } from '../src/decode-plain-cbor.js'
import { UNSUPPORTED } from '../src/unsupported.js'

// What the cbor serializer writes and, for anything the fast path leaves, how it reads.
const options = { useRecords: false, mapsAsObjects: true, copyBuffers: true } as const
const encoder = new Encoder(options)
const decoder = new Decoder(options)

/** cbor-x's reading of `bytes`: a value, or the fact that it throws. */
function cborX(bytes: Uint8Array): { value: unknown } | 'throws' {
  try {
    return { value: decoder.decode(bytes) as unknown }
  } catch {
    return 'throws'
  }
}

/** The fast path gives cbor-x's value or steps aside; it never gives another value, and never throws. */
function expectAgreement(bytes: Uint8Array): unknown {
  const fast = decodePlainCbor(bytes)
  if (fast === UNSUPPORTED) return fast
  const slow = cborX(bytes)
  expect(slow).not.toBe('throws')
  expect(isDeepStrictEqual(fast, (slow as { value: unknown }).value)).toBe(true)
  return fast
}

// JSON-like data, the fast path's domain: text is well-formed (no lone surrogates), numbers are what
// cbor-x writes as CBOR integers (below 2^32) or floats, keys are any text but `__proto__` (tested apart).
const plainLeaf = fc.oneof(
  fc.constantFrom(null, undefined, true, false, NaN, Infinity, -Infinity, 0.5, 65504, 1e-7, 2 ** 31, -(2 ** 32)),
  fc.double().map((n) => (n === 0 ? 0 : n)),
  fc.integer({ min: -(2 ** 32), max: 2 ** 32 - 1 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 30 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
)
const plainKey = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('id', 'name', 'nb', 'nape'))
const plainValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plainLeaf,
    fc.array(tie('value')),
    fc.dictionary(
      plainKey.filter((k) => k !== '__proto__'),
      tie('value'),
      { noNullPrototype: true },
    ),
  ),
})).value

describe('decodePlainCbor: the fast path for plain values', () => {
  it('reads every plain value itself, as cbor-x does', () => {
    fc.assert(
      fc.property(plainValue, (value) => {
        const bytes = encoder.encode(value)
        const fast = expectAgreement(bytes)
        expect(fast).not.toBe(UNSUPPORTED)
        expect(fast).toStrictEqual(value)
      }),
      { numRuns: 1000 },
    )
  })

  it('records of the same shape: keys come from the cache, byte for byte, also for keys that share a slot', () => {
    // `name`/`nape` and `nb`/`nc` hash to one slot each (same length, same first two bytes): they evict each other
    const records = Array.from({ length: 50 }, (_, i) => ({ name: `n${i}`, nape: i, nb: [i], nc: i % 2 === 0, id: i }))
    const out = expectAgreement(encoder.encode(records)) as typeof records
    expect(out).toStrictEqual(records)
    expect(Object.keys(out[49]!)).toEqual(['name', 'nape', 'nb', 'nc', 'id'])
  })

  it('short text values come from a cache too: colliding, longer, non-ASCII and empty ones read back exactly', () => {
    const collide = ['ab-de', 'ac-de', 'ab-de'] // one slot (same length, first, middle and last byte), different bytes
    const longer = ['abcdefghijk', 'aXcdefghijk', 'abcdefghijklmnopq'] // past the cached lengths
    const nonAscii = ['abc-de', 'aé-de', 'abc-de', 'aé-de'] // 6 bytes each, one slot: only the ASCII one is cached
    const values = [...collide, ...longer, ...nonAscii, '', 'x', '', 'a'.repeat(24), 'a'.repeat(24)]
    for (let round = 0; round < 3; round++) {
      const out = expectAgreement(encoder.encode(values.map((text, i) => ({ text, [text]: i }))))
      expect(out).toStrictEqual(values.map((text, i) => ({ text, [text]: i })))
    }
  })

  it('`__proto__` becomes `__proto_` (as cbor-x), and no prototype is touched', () => {
    const bytes = Uint8Array.of(0xa1, 0x69, ...Buffer.from('__proto__'), 0xa1, 0x61, 0x78, 0x01) // {"__proto__": {"x": 1}}
    const longForm = Uint8Array.of(0xa1, 0x78, 0x09, ...Buffer.from('__proto__'), 0x01) // the same key, length in 1 byte
    expect(expectAgreement(longForm)).toStrictEqual({ __proto_: 1 })
    for (let i = 0; i < 2; i++) {
      const out = decodePlainCbor(bytes) as Record<string, unknown> // twice: the second comes from the key cache
      expect(out).toStrictEqual({ __proto_: { x: 1 } })
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
      expect(({} as Record<string, unknown>).x).toBeUndefined()
    }
  })

  it('byte strings come back as copies, of the input class (Buffer in, Buffer out; Uint8Array in, Uint8Array out)', () => {
    const buffer = Buffer.from(encoder.encode({ b: Buffer.from('abc') }))
    const fromBuffer = decodePlainCbor(buffer) as { b: Uint8Array }
    expect(Buffer.isBuffer(fromBuffer.b)).toBe(true)
    const array = new Uint8Array(buffer)
    const fromArray = decodePlainCbor(array) as { b: Uint8Array }
    expect(Buffer.isBuffer(fromArray.b)).toBe(false)
    expect(isDeepStrictEqual(fromArray, decoder.decode(array))).toBe(true)
    buffer.fill(0)
    expect(Buffer.from(fromBuffer.b).toString()).toBe('abc')
  })

  it('text that holds U+FFFD is read as written', () => {
    for (const text of ['\uFFFD', 'a\uFFFDb', 'x'.repeat(20) + '\uFFFD']) {
      expect(expectAgreement(encoder.encode({ [text]: text }))).toStrictEqual({ [text]: text })
    }
  })

  it('half, single and double precision floats read as cbor-x reads them', () => {
    const cases = [
      [0xf9, 0x3c, 0x00], // 1.0
      [0xf9, 0x80, 0x00], // -0
      [0xf9, 0x00, 0x01], // smallest subnormal
      [0xf9, 0x7b, 0xff], // 65504
      [0xf9, 0x7c, 0x00], // Infinity
      [0xf9, 0xfc, 0x00], // -Infinity
      [0xf9, 0x7e, 0x00], // NaN
      [0xfa, 0x47, 0xc3, 0x50, 0x00], // 100000.0
      [0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a], // 1.1
    ]
    for (const bytes of cases) expect(expectAgreement(Uint8Array.from(bytes))).not.toBe(UNSUPPORTED)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (bits) => {
        expect(expectAgreement(Uint8Array.of(0xf9, bits >> 8, bits & 0xff))).not.toBe(UNSUPPORTED)
      }),
      { numRuns: 3000 },
    )
  })

  const leftToCborX: [string, number[]][] = [
    ['a tag (a Date)', [0xc1, 0x1a, 0x65, 0x53, 0xf1, 0x00]],
    ['a 64-bit integer (cbor-x gives a bigint)', [0x1b, 0, 0, 0, 0, 0, 0, 0, 5]],
    ['an indefinite-length array', [0x9f, 0x01, 0xff]],
    ['a map with a non-text key', [0xa1, 0x01, 0x02]],
    ['a lone surrogate (WTF-8, as cbor-x writes it)', [0x63, 0xed, 0xa0, 0x80]],
    ['bad UTF-8', [0x62, 0xc3, 0x28]],
    ['an unassigned simple value', [0xf0]],
    ['a truncated value', [0x82, 0x01]],
    ['trailing bytes', [0x01, 0x02]],
    ['an array longer than the input', [0x9a, 0x7f, 0xff, 0xff, 0xff]],
    ['nothing', []],
  ]
  for (const [name, bytes] of leftToCborX) {
    it(`leaves ${name} to cbor-x`, () => {
      expect(decodePlainCbor(Uint8Array.from(bytes))).toBe(UNSUPPORTED)
    })
  }

  it('arbitrary and damaged bytes: a value only where cbor-x reads the same value', () => {
    const damaged = fc
      .tuple(plainValue, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean())
      .map(([value, at, byte, cut]) => {
        const bytes = Uint8Array.from(encoder.encode(value))
        if (cut) return bytes.subarray(0, at % (bytes.length + 1))
        bytes[at % bytes.length] = byte
        return bytes
      })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), damaged), (bytes) => {
        expectAgreement(bytes)
      }),
      { numRuns: 5000 },
    )
  })

  it('the serializer takes the fast path for plain values and cbor-x for the rest', () => {
    expect(cborSerializer.deserialize(Uint8Array.of(0xa1, 0x01, 0x02))).toStrictEqual({ 1: 2 })
    expect(cborSerializer.deserialize(Uint8Array.of(0x1b, 0, 0, 0, 0, 0, 0, 0, 5))).toBe(5n)
    const value = { when: new Date(0), rows: [{ a: 1 }] }
    expect(cborSerializer.deserialize(cborSerializer.serialize(value))).toStrictEqual(value)
  })
})
