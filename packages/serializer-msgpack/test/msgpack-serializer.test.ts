import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createCodecPipeline, isCachexError } from '@cachex-js/core'
import { msgpack, msgpackSerializer } from '@cachex-js/serializer-msgpack'

const roundTrip = (value: unknown, serializer = msgpackSerializer) =>
  serializer.deserialize(serializer.serialize(value))

describe('msgpack serializer plugin', () => {
  const cases: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a boolean', false],
    ['a string', 'héllo 😀'],
    ['a float', 2.5],
    ['NaN', NaN],
    ['-0 at the top level', -0],
    ['a Date (exact, even far away)', new Date(8.64e15)],
    ['a Map with string keys', new Map([['a', 1]])],
    [
      'a Map with mixed keys',
      new Map<unknown, unknown>([
        [1, 'a'],
        ['k', { x: 1 }],
      ]),
    ],
    ['a Set', new Set([1, 'a'])],
    ['a small bigint', 5n],
    ['a 900-bit bigint', 2n ** 900n + 1n],
    ['a 5000-bit bigint', -(2n ** 5000n)],
    ['a negative bigint', -(2n ** 70n)],
    ['a Uint8Array', Uint8Array.of(1, 2)],
    ['a Float32Array', Float32Array.of(1.5)],
    ['nested structures', { a: [1, { b: new Map([['z', new Set([new Date(0)])]]) }], u: undefined }],
  ]
  for (const [name, value] of cases) {
    it(`round-trips ${name}`, () => {
      expect(roundTrip(value)).toStrictEqual(value)
    })
  }

  it('has the id msgpack and is framed', () => {
    expect(msgpackSerializer.id).toBe('msgpack')
    expect(msgpackSerializer.unframed).toBeUndefined()
  })

  it('keeps cycles by default, rejects them with cycles: false', () => {
    const value: Record<string, unknown> = {}
    value.self = value
    const out = roundTrip(value) as typeof value
    expect(out.self).toBe(out)
    expect(() => msgpack({ cycles: false }).serialize(value)).toThrowError(
      expect.objectContaining({ code: 'E_SERIALIZATION' }),
    )
  })

  it('rejects functions and symbols with E_SERIALIZATION', () => {
    for (const value of [() => 1, { f: () => 1 }, Symbol('s')]) {
      expect(() => msgpackSerializer.serialize(value)).toThrowError(
        expect.objectContaining({ code: 'E_SERIALIZATION' }),
      )
    }
  })

  it('writes self-contained messages: a fresh instance reads any of them', () => {
    const writer = msgpack()
    const first = writer.serialize({ x: 1, y: 'a' })
    const second = writer.serialize({ x: 2, y: 'b' })
    expect(msgpack().deserialize(second)).toEqual({ x: 2, y: 'b' })
    expect(msgpack().deserialize(first)).toEqual({ x: 1, y: 'a' })
  })

  it('every truncation is E_DESERIALIZATION; arbitrary bytes never crash', () => {
    const bytes = msgpackSerializer.serialize({ a: [1, 2.5, 'x', new Date(0), new Map([[1, 2n ** 70n]])] })
    for (let i = 0; i < bytes.length; i++) {
      expect(() => msgpackSerializer.deserialize(bytes.subarray(0, i))).toThrowError(
        expect.objectContaining({ code: 'E_DESERIALIZATION' }),
      )
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (garbage) => {
        try {
          msgpackSerializer.deserialize(garbage)
        } catch (error) {
          expect(isCachexError(error, 'E_DESERIALIZATION')).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('round-trips arbitrary values (property)', () => {
    const leaf = fc.oneof(
      fc.constantFrom(null, undefined, true, false, NaN, Infinity),
      fc.double().map((n) => (n === 0 ? 0 : n)),
      fc.bigInt({ min: -(2n ** 500n), max: 2n ** 500n }),
      fc.string({ unit: 'binary' }),
      fc.date(),
      fc.uint8Array(),
    )
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('value')),
        fc.dictionary(
          fc.string().filter((k) => k !== '__proto__'),
          tie('value'),
          { noNullPrototype: true },
        ),
        fc.array(fc.tuple(fc.oneof(fc.string(), fc.integer()), tie('value'))).map((entries) => new Map(entries)),
        fc.array(fc.string()).map((items) => new Set(items)),
      ),
    })).value
    fc.assert(
      fc.property(value, (input) => {
        expect(roundTrip(input)).toStrictEqual(input)
      }),
      { numRuns: 400 },
    )
  })
})

describe('msgpack through the core codec pipeline (no change to core)', () => {
  it('writes frames naming msgpack, and a reader that also knows another serializer reads them', () => {
    const pipeline = createCodecPipeline({ serializers: [msgpackSerializer] })
    const value = { m: new Map([['a', 1n]]), d: new Date(0) }
    const stored = pipeline.encode(value)
    expect(stored[0]).toBe(0x00)
    expect(Buffer.from(stored).includes('msgpack')).toBe(true)
    expect(pipeline.decode(stored)).toStrictEqual(value)
    expect(pipeline.encode(42).toString()).toBe('42')
  })

  it('truncated frames are E_DESERIALIZATION through the pipeline', () => {
    const pipeline = createCodecPipeline({ serializers: [msgpackSerializer] })
    const stored = pipeline.encode({ list: [1, 2, 3], s: 'text' })
    for (let i = 1; i < stored.length; i++) {
      expect(() => pipeline.decode(stored.subarray(0, i))).toThrowError(
        expect.objectContaining({ code: 'E_DESERIALIZATION' }),
      )
    }
  })
})
