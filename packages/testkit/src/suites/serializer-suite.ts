import { describe, expect, it } from 'vitest'
import { type Serializer, createCodecPipeline } from '@cachex-js/core'

/** The value families a serializer may claim. */
export interface SerializerFamilies {
  /** Strings, including unicode, NUL characters and long ones. Default `true`. */
  strings?: boolean
  /** Finite numbers: integers and floats. Default `true`. */
  numbers?: boolean
  /** `true` and `false`. Default `true`. */
  booleans?: boolean
  /** `null`. Default `true`. */
  null?: boolean
  /** Arrays, nested. Default `true`. */
  arrays?: boolean
  /** Plain objects, nested. Default `true`. */
  objects?: boolean
  /** `Uint8Array` / `Buffer`, byte for byte (read back as a `Uint8Array`). Default `false`. */
  bytes?: boolean
  /** `undefined`, at the top level, in arrays and as property values. Default `false`. */
  undefined?: boolean
  /** `Date` (millisecond precision). Default `false`. */
  date?: boolean
  /** `Map` with any keys. Default `false`. */
  map?: boolean
  /** `Set`. Default `false`. */
  set?: boolean
  /** `bigint`, inside and beyond the safe integer range. Default `false`. */
  bigint?: boolean
  /** `NaN`, `Infinity`, `-Infinity`. Default `false`. */
  nonFinite?: boolean
}

/** Options of {@link runSerializerSuite}. */
export interface SerializerSuiteOptions {
  /**
   * The families the serializer claims. Claimed families must round-trip exactly; every family not
   * claimed must be rejected (`serialize` throws), never silently changed. Functions and symbols are
   * always expected to be rejected.
   */
  supports?: SerializerFamilies
  /** Families to leave untested (a deliberately lossy configuration, say). */
  skip?: (keyof SerializerFamilies)[]
}

const SAMPLES: Record<keyof SerializerFamilies, unknown[]> = {
  strings: [
    '',
    'ascii',
    'Iñtërnâtiônàlizætiøn',
    '日本語',
    'emoji 🎉 𝔘𝔫𝔦',
    'nul \u0000 inside',
    'quote " and \\ backslash',
    'x'.repeat(100_000),
  ],
  numbers: [0, 1, -1, 42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0.5, -1.25, Math.PI, 1e-7, 1e300, 5e-324],
  booleans: [true, false],
  null: [null],
  arrays: [[], [1, 'two', [3, [4]]], Array.from({ length: 1000 }, (_, i) => i)],
  objects: [{}, { a: 1, b: { c: [1, 2, { d: 'e' }] } }, { ключ: 'значение', 'with space': 1, '': 'empty key' }],
  bytes: [new Uint8Array(0), new Uint8Array([0, 1, 2, 254, 255]), Uint8Array.from({ length: 1024 }, (_, i) => i % 256)],
  undefined: [undefined, [undefined, 1], { a: undefined, b: 1 }],
  date: [new Date(0), new Date('2024-02-29T12:34:56.789Z'), new Date(-1e12)],
  map: [
    new Map(),
    new Map<unknown, unknown>([
      ['a', 1],
      ['b', { c: 2 }],
    ]),
  ],
  set: [new Set(), new Set(['a', 'b', 'c'])],
  bigint: [0n, 5n, -5n, 2n ** 64n, -(2n ** 70n)],
  nonFinite: [Number.NaN, Infinity, -Infinity],
}

const DEFAULTS: Required<SerializerFamilies> = {
  strings: true,
  numbers: true,
  booleans: true,
  null: true,
  arrays: true,
  objects: true,
  bytes: false,
  undefined: false,
  date: false,
  map: false,
  set: false,
  bigint: false,
  nonFinite: false,
}

function normalise(value: unknown): unknown {
  // Bytes are compared as plain Uint8Arrays: a Buffer may come back as a Uint8Array.
  return value instanceof Uint8Array ? new Uint8Array(value) : value
}

/**
 * Registers the serializer conformance suite (CONTRACT section 9) for `serializer`:
 * id and output shape, exact round trips of every claimed value family (directly and through the codec
 * pipeline), deterministic output, rejection of what it does not support, and errors on truncated input.
 */
export function runSerializerSuite(serializer: Serializer, options: SerializerSuiteOptions = {}): void {
  const supports = { ...DEFAULTS, ...options.supports }
  const skip = new Set(options.skip ?? [])
  const families = (Object.keys(SAMPLES) as (keyof SerializerFamilies)[]).filter((f) => !skip.has(f))
  const claimed = families.filter((f) => supports[f])
  const refused = families.filter((f) => !supports[f])
  const roundTrip = (value: unknown) => serializer.deserialize(serializer.serialize(value))

  describe(`serializer conformance: ${serializer.id}`, () => {
    it('has a stable id of 1-32 printable ASCII characters', () => {
      expect(serializer.id).toMatch(/^[\x21-\x7e]{1,32}$/)
      expect(serializer.unframed === undefined || typeof serializer.unframed === 'boolean').toBe(true)
      expect(() => createCodecPipeline({ serializers: serializer })).not.toThrow()
    })

    it('returns bytes', () => {
      expect(serializer.serialize({ a: 1 })).toBeInstanceOf(Uint8Array)
      expect(serializer.serialize('text')).toBeInstanceOf(Uint8Array)
    })

    describe.each(claimed)('round-trips %s', (family) => {
      it.each(SAMPLES[family].map((value, i) => [i, value] as const))('sample %i', (_i, value) => {
        expect(normalise(roundTrip(value))).toStrictEqual(normalise(value))
      })

      it('through the codec pipeline', () => {
        const pipeline = createCodecPipeline({ serializers: serializer })
        for (const value of SAMPLES[family]) {
          expect(normalise(pipeline.decode(pipeline.encode(value)))).toStrictEqual(normalise(value))
        }
      })

      it('nested in arrays and objects', () => {
        if (!supports.arrays || !supports.objects) return
        const nested = { list: [...SAMPLES[family]], inner: { first: SAMPLES[family][0] } }
        const back = roundTrip(nested) as typeof nested
        expect(back.list.map(normalise)).toStrictEqual(nested.list.map(normalise))
        expect(normalise(back.inner.first)).toStrictEqual(normalise(nested.inner.first))
      })
    })

    describe.each(refused)('rejects %s (not claimed)', (family) => {
      it.each(SAMPLES[family].map((value, i) => [i, value] as const))('sample %i throws', (_i, value) => {
        // A value the serializer cannot represent must be refused, never stored changed.
        expect(() => serializer.serialize(value)).toThrow()
      })

      it('through the codec pipeline as E_SERIALIZATION', () => {
        const pipeline = createCodecPipeline({ serializers: serializer })
        for (const value of SAMPLES[family]) {
          expect(() => pipeline.encode({ wrapped: value })).toThrow(
            expect.objectContaining({ code: 'E_SERIALIZATION' }),
          )
        }
      })
    })

    it.each([
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
      ['a nested function', { f: () => 1 }],
      ['a nested symbol', { s: Symbol('s') }],
    ])('rejects %s', (_label, value) => {
      expect(() => serializer.serialize(value)).toThrow()
    })

    it('writes the same bytes for the same value', () => {
      const value = { b: [1, 'two'], a: { c: null } }
      expect(Buffer.from(serializer.serialize(value)).equals(Buffer.from(serializer.serialize(value)))).toBe(true)
    })

    it('throws on truncated output', () => {
      const bytes = serializer.serialize({ key: 'value', list: [1, 2, 3], more: 'x'.repeat(50) })
      expect(() => serializer.deserialize(bytes.subarray(0, Math.floor(bytes.length / 2)))).toThrow()
    })

    it.runIf(serializer.unframed === true)('is stored bare by the pipeline when unframed (interop)', () => {
      const pipeline = createCodecPipeline({ serializers: serializer })
      const value = { interop: ['plain', 1.5, true, null] }
      const stored = pipeline.encode(value)
      expect(stored[0]).not.toBe(0)
      expect(Buffer.from(stored).equals(Buffer.from(serializer.serialize(value)))).toBe(true)
      expect(pipeline.decode(stored)).toStrictEqual(value)
    })
  })
}
