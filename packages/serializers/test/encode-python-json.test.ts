import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { json } from '@cachex-js/serializers'
import { encodePythonJson, scratchBytes, type PythonJsonBytesOptions } from '../src/encode-python-json.js'
import { UNSUPPORTED } from '../src/unsupported.js'
import { writePythonJson } from '../src/python-json.js'

const DEFAULTS: PythonJsonBytesOptions = { ensureAscii: true, compact: false, omitUndefined: false }

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8')

/** The one-pass writer's bytes, which must be the Python-style reference writer's, as UTF-8. */
function expectPythonBytes(value: unknown, options: PythonJsonBytesOptions = DEFAULTS): void {
  const fast = encodePythonJson(value, options)
  expect(fast).not.toBe(UNSUPPORTED)
  const reference = Buffer.from(writePythonJson(value, { ...options, toJSON: false }), 'utf8')
  expect(Buffer.from(fast as Uint8Array).toString('hex')).toBe(reference.toString('hex'))
}

// Finite numbers with the edges of both number writers: 32-bit integer bounds, -0, safe-integer bounds, floats
// printed in exponent form by Python, subnormals.
const number = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 9, 10, -10, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53)),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, 1e16, 1e21, 1e-4, 9.99e-5, 5e-324, 1.5e300, -2.5, 0.1, 123456.789),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)
// Text of any code unit (lone surrogates too), with what needs escaping common.
const unit = fc.oneof(
  fc.constantFrom('\x7f', 'é', '😀', '€', 'a', ',', ':', '"', '\\', '\n', '\b', '\x00', '\x1f', '\ud800', '\udfff'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
)
const string = fc.string({ unit, maxLength: 40 })
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    number,
    string,
    fc.array(tie('value')),
    fc.dictionary(string, tie('value'), { noNullPrototype: true }),
  ),
})).value
const options = fc.record({ ensureAscii: fc.boolean(), compact: fc.boolean(), omitUndefined: fc.boolean() })

describe("encodePythonJson: Python's json.dumps bytes in one pass", () => {
  it('writes what the Python-style writer writes, for every plain JSON value and every option', () => {
    fc.assert(fc.property(value, options, expectPythonBytes), { numRuns: 2000 })
  })

  it('writes decimals of up to four places as JS and Python print them, and every other float as well', () => {
    const decimals = fc
      .tuple(fc.integer({ min: -(2 ** 31) * 10_000, max: 2 ** 31 * 10_000 }), fc.integer({ min: 0, max: 6 }))
      .map(([k, places]) => k / 10 ** places)
    const near = fc.tuple(decimals, fc.integer({ min: -3, max: 3 })).map(([d, steps]) => {
      // the doubles next to a decimal: not decimals of four places, never written as one
      const view = new DataView(new ArrayBuffer(8))
      view.setFloat64(0, d)
      view.setBigInt64(0, view.getBigInt64(0) + BigInt(steps))
      return view.getFloat64(0)
    })
    fc.assert(
      fc.property(fc.oneof(decimals, near), (n) => {
        fc.pre(Number.isFinite(n))
        const fast = text(encodePythonJson([n], DEFAULTS) as Uint8Array)
        expect(fast).toBe(`[${writePythonJson(n, { ...DEFAULTS, toJSON: false })}]`)
        if (!Number.isInteger(n) && Math.abs(n) >= 1e-4 && Math.abs(n) < 1e16) expect(fast).toBe(`[${String(n)}]`)
      }),
      { numRuns: 5000 },
    )
    const samples = [0.1, 0.0001, 9.99e-5, 0.00001, 0.00005, 3e-6, 4821.37, -0.05, 2147483647.9999, 2147483648.5, 0.3]
    for (const n of samples) expectPythonBytes(n)
  })

  it('writes the escapes Python writes', () => {
    const fast = (v: unknown, o = DEFAULTS) => text(encodePythonJson(v, o) as Uint8Array)
    expect(fast({ a: [1, 2.5, 'x', null, true] })).toBe('{"a": [1, 2.5, "x", null, true]}')
    expect(fast(['\x7f', 'é', '😀', '"\\\n\b\f\r\t\x00\x1f'])).toBe(
      '["\\u007f", "\\u00e9", "\\ud83d\\ude00", "\\"\\\\\\n\\b\\f\\r\\t\\u0000\\u001f"]',
    )
    const raw = { ...DEFAULTS, ensureAscii: false, compact: true }
    expect(fast(['\x7f', 'é', '😀', '\ud800', 'x\udc00'], raw)).toBe('["\x7f","é","😀","\\ud800","x\\udc00"]')
    expect(fast([-0, 2 ** 31, -(2 ** 31), 1e21, 5e-324, 0.1])).toBe(
      '[-0.0, 2147483648, -2147483648, 1e+21, 5e-324, 0.1]',
    )
  })

  it('leaves out undefined properties with omitUndefined, and leaves undefined anywhere else to the checked path', () => {
    const withUndefined = { a: 1, b: undefined, c: [2] }
    expect(text(encodePythonJson(withUndefined, { ...DEFAULTS, omitUndefined: true }) as Uint8Array)).toBe(
      '{"a": 1, "c": [2]}',
    )
    expect(encodePythonJson({ b: undefined }, { ...DEFAULTS, omitUndefined: true })).not.toBe(UNSUPPORTED)
    expect(encodePythonJson(withUndefined, DEFAULTS)).toBe(UNSUPPORTED)
    expect(encodePythonJson([1, undefined], { ...DEFAULTS, omitUndefined: true })).toBe(UNSUPPORTED)
    expect(encodePythonJson(undefined, { ...DEFAULTS, omitUndefined: true })).toBe(UNSUPPORTED)
  })

  it('leaves everything JSON cannot hold as it is to the checked path, without throwing', () => {
    class Point {
      x = 1
    }
    const cycle: Record<string, unknown> = { a: 1 }
    cycle.self = { back: cycle }
    const hidden = { a: 1, [Symbol('s')]: 2 }
    const throwing = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('boom')
      },
    })
    const others: unknown[] = [
      NaN,
      Infinity,
      [1, -Infinity],
      10n,
      Symbol('x'),
      () => 1,
      new Date(0),
      new Map(),
      new Point(),
      Object.create(null),
      { nested: Object.assign(Object.create(null) as object, { a: 1 }) },
      [1, , 3], // eslint-disable-line no-sparse-arrays
      cycle,
      hidden,
      throwing,
      new Uint8Array(2),
    ]
    for (const other of others) expect(encodePythonJson(other, DEFAULTS)).toBe(UNSUPPORTED)
  })

  it('writes own properties only, as JSON.stringify does, when Object.prototype has an enumerable one', () => {
    Object.defineProperty(Object.prototype, 'inherited', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    })
    try {
      expect(text(encodePythonJson({ own: [{ x: 1 }] }, DEFAULTS) as Uint8Array)).toBe('{"own": [{"x": 1}]}')
    } finally {
      delete (Object.prototype as Record<string, unknown>).inherited
    }
  })

  it('finds a cycle deep in a large value, and writes a shared (acyclic) object every time it appears', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `row ${i}` }))
    const looped: Record<string, unknown> = { rows }
    rows.push({ id: -1, name: 'last', loop: looped } as never)
    expect(encodePythonJson(looped, DEFAULTS)).toBe(UNSUPPORTED)
    const shared = { s: [1, 2] }
    expect(text(encodePythonJson([shared, { again: shared }, shared], DEFAULTS) as Uint8Array)).toBe(
      '[{"s": [1, 2]}, {"again": {"s": [1, 2]}}, {"s": [1, 2]}]',
    )
  })

  it('leaves a value nested past the stack to the checked path, and works on afterwards', () => {
    let deep: unknown = 1
    for (let i = 0; i < 200_000; i++) deep = [deep]
    expect(encodePythonJson(deep, DEFAULTS)).toBe(UNSUPPORTED)
    expectPythonBytes({ after: ['the overflow'] })
  })

  it('closes brackets correctly wherever the scratch buffer ends, and returns bytes no later value overwrites', () => {
    // short items up to every byte near the scratch buffer's end (64 KiB), then 40 closing brackets or braces
    const results: [Uint8Array, unknown][] = []
    for (const shape of ['[', '{', '[{']) {
      for (let items = 13_050; items < 13_100; items++) {
        for (let pad = 0; pad < 5; pad++) {
          let nested: unknown = ['y'.repeat(pad), ...Array<string>(items).fill('a')]
          for (let i = 0; i < 40; i++) nested = shape[i % shape.length] === '[' ? [nested] : { k: nested }
          const bytes = encodePythonJson(nested, DEFAULTS)
          expect(bytes).not.toBe(UNSUPPORTED)
          results.push([bytes as Uint8Array, nested])
        }
      }
    }
    // and small values, written in the reused scratch buffer
    for (let i = 0; i < 50; i++) {
      const small = { i, list: [i, `${i}`] }
      results.push([encodePythonJson(small, DEFAULTS) as Uint8Array, small])
    }
    for (const [bytes, nested] of results) {
      expect(text(bytes)).toBe(writePythonJson(nested, { ...DEFAULTS, toJSON: false }))
    }
  })

  it('writes values past the scratch buffer, and smaller ones after them', () => {
    const row = (i: number) => ({ id: i, 'a, "b": c': ['x,y', 'z:\\"', 1.5, null, { é: '€' }], n: -i * 1000.5 })
    const large = Array.from({ length: 20_000 }, (_, i) => row(i))
    for (const v of [large, row(1), large, [row(2), 'tail']]) expectPythonBytes(v)
  })

  it('keeps a scratch buffer grown for a large value, never writing over bytes it returned, and lets it go', () => {
    const row = (i: number) => ({ id: i, name: `row ${i}`, tags: ['a', 'b'], score: i / 4 })
    const rows = (count: number, from: number) => Array.from({ length: count }, (_, i) => row(from + i))
    const expected = (v: unknown) => writePythonJson(v, { ...DEFAULTS, toJSON: false })
    const kept: [Uint8Array, unknown][] = []
    const encode = (v: unknown) => {
      const bytes = encodePythonJson(v, DEFAULTS) as Uint8Array
      kept.push([bytes, v])
      return bytes
    }
    const small = { small: true }

    encode(rows(20_000, 0)) // ~1 MB: the scratch buffer grows and is kept
    const grown = scratchBytes()
    expect(grown).toBeGreaterThan(1024 * 1024)
    expect(grown).toBeLessThanOrEqual(4 * 1024 * 1024)
    encode(rows(19_000, 50_000)) // written into the kept buffer, no growing
    expect(scratchBytes()).toBe(grown)
    for (let i = 0; i < 999; i++) encode(small)
    expect(scratchBytes()).toBe(grown)
    encode(rows(2_000, 90_000)) // larger than 64 KiB: the count of small values starts again
    for (let i = 0; i < 500; i++) encode(small)
    // values left to the Python-style writer count too
    for (let i = 0; i < 499; i++) expect(encodePythonJson({ at: new Date(0) }, DEFAULTS)).toBe(UNSUPPORTED)
    expect(scratchBytes()).toBe(grown)
    encode(small) // the 1000th small value in a row: back to 64 KiB
    expect(scratchBytes()).toBe(64 * 1024)

    const huge = encode(rows(100_000, 200_000)) // ~5 MB: written into a buffer of its own, none kept
    expect(huge.byteLength).toBeGreaterThan(4 * 1024 * 1024)
    expect(scratchBytes()).toBe(64 * 1024)
    encode(rows(10, 0))
    // a long string reserves six bytes per character: the buffer grows far past the value, which is copied out
    const long = encode(['a'.repeat(1_000_000)])
    expect(long.buffer.byteLength).toBeLessThanOrEqual(2 * long.byteLength)
    expect(scratchBytes()).toBe(64 * 1024)
    encode(rows(45_000, 300_000)) // ~2.8 MB: grown to the largest kept size rather than past it
    expect(scratchBytes()).toBe(4 * 1024 * 1024)
    for (const [bytes, v] of kept) expect(text(bytes)).toBe(expected(v))
  })

  it('serializes a value that a getter of it serializes again, both correctly', () => {
    const serializer = json()
    let inner: Uint8Array | undefined
    const value = {
      before: 'a',
      get during() {
        inner = serializer.serialize({ inner: [1, 2] })
        return 'b'
      },
      after: ['c'],
    }
    expect(text(serializer.serialize(value))).toBe('{"before": "a", "during": "b", "after": ["c"]}')
    expect(text(inner!)).toBe('{"inner": [1, 2]}')
  })
})
