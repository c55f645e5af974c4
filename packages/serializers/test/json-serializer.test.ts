import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isCachexError } from '@cachex-js/core'
import { json, jsonSerializer } from '@cachex-js/serializers'
import { pythonFloatRepr, writePythonJson } from '../src/python-json.js'
import floatRepr from './fixtures/python-float-repr.json'
import djangoRedis from './fixtures/django-redis-json.json'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const bytesOf = (value: unknown) => text(jsonSerializer.serialize(value))

function serializationError(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    expect(isCachexError(error, 'E_SERIALIZATION')).toBe(true)
    return error as { message: string; context: Record<string, unknown> }
  }
  throw new Error('expected E_SERIALIZATION')
}

// Fixtures were produced by django-redis 5.2.0 itself (DefaultClient.encode with its JSONSerializer, as stored
// through redis-py) and by CPython's float repr: see test/fixtures.
describe('json: byte-compatible with Python json.dumps / django-redis', () => {
  it('writes the django-redis bytes for the example of the issue', () => {
    expect(bytesOf({ a: [1, 2.5, 'x', null, true] })).toBe('{"a": [1, 2.5, "x", null, true]}')
  })

  for (const [name, { value_json, stored }] of Object.entries(djangoRedis.cases)) {
    it(`serializes ${name} as django-redis does`, () => {
      const value: unknown = value_json === null ? '\ud800x' : JSON.parse(value_json)
      if (typeof value === 'number' && Number.isSafeInteger(value)) return // integers never reach a serializer
      expect(bytesOf(value)).toBe(stored)
    })
  }

  it('formats every non-integer double as Python repr() does (2,100 samples incl. random bit patterns)', () => {
    for (const [hex, expected] of floatRepr as [string, string][]) {
      const value = Buffer.from(hex, 'hex').readDoubleBE(0)
      expect(pythonFloatRepr(value), hex).toBe(expected)
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) expect(bytesOf(value)).toBe(expected)
    }
  })

  it('writes safe integers as plain digits and reads Python output back', () => {
    expect(bytesOf(42)).toBe('42')
    expect(bytesOf(-7)).toBe('-7')
    expect(bytesOf(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991')
    expect(jsonSerializer.deserialize(new TextEncoder().encode('{"a": [1, 2.5, "x", null, true]}'))).toEqual({
      a: [1, 2.5, 'x', null, true],
    })
  })

  it('is unframed and has id json', () => {
    expect(jsonSerializer.id).toBe('json')
    expect(jsonSerializer.unframed).toBe(true)
  })
})

describe('json: rejects what JSON cannot represent (E_SERIALIZATION, never a silent change)', () => {
  class Point {
    x = 1
  }
  const sym = Symbol('s')
  const cyclic: Record<string, unknown> = { a: 1 }
  cyclic.self = cyclic
  const cases: [string, unknown, string][] = [
    ['a Map', new Map([['a', 1]]), '$'],
    ['a Set', { s: new Set([1]) }, '$["s"]'],
    ['a Date', [new Date(0)], '$[0]'],
    ['undefined at the top level', undefined, '$'],
    ['undefined in an array', [1, undefined], '$[1]'],
    ['undefined as a property', { a: undefined }, '$["a"]'],
    ['a bigint', { n: 1n }, '$["n"]'],
    ['a function', { f: () => 1 }, '$["f"]'],
    ['a symbol', [sym], '$[0]'],
    ['a symbol-keyed property', { [sym]: 1 }, '$'],
    ['a cycle', cyclic, '$["self"]'],
    ['NaN', { n: NaN }, '$["n"]'],
    ['Infinity', [Infinity], '$[0]'],
    ['-Infinity', -Infinity, '$'],
    ['a Uint8Array', { b: new Uint8Array([1]) }, '$["b"]'],
    ['a Buffer', Buffer.from('x'), '$'],
    ['a class instance', { p: new Point() }, '$["p"]'],
    ['a sparse array', [1, , 3], '$[1]'], // eslint-disable-line no-sparse-arrays
    ['a RegExp', /x/, '$'],
    ['a boxed string', new String('x'), '$'],
  ]
  for (const [name, value, path] of cases) {
    it(`rejects ${name} and names where it is`, () => {
      const error = serializationError(() => jsonSerializer.serialize(value))
      expect(error.context.codec).toBe('json')
      expect(error.context.path).toBe(path)
    })
  }

  it('the toJSON writer (no fast path) rejects the same values, except those with a toJSON()', () => {
    const viaToJSON = json({ toJSON: true })
    for (const [name, value, path] of cases) {
      if (name === 'a Date' || name === 'a Buffer') continue // both have a toJSON()
      const error = serializationError(() => viaToJSON.serialize(value))
      expect(error.context.path, name).toBe(path)
    }
  })

  it('accepts shared (non-cyclic) references, writing them twice', () => {
    const shared = { x: 1 }
    expect(bytesOf([shared, shared])).toBe('[{"x": 1}, {"x": 1}]')
  })

  it('accepts objects with a null prototype', () => {
    expect(bytesOf(Object.assign(Object.create(null) as object, { a: 1 }))).toBe('{"a": 1}')
  })
})

describe('json options', () => {
  it('omitUndefined drops undefined properties but still rejects undefined in arrays', () => {
    const s = json({ omitUndefined: true })
    expect(text(s.serialize({ a: undefined, b: 1 }))).toBe('{"b": 1}')
    serializationError(() => s.serialize([undefined]))
    serializationError(() => s.serialize(undefined))
  })

  it('toJSON serializes through toJSON() (a Date becomes its ISO string)', () => {
    const s = json({ toJSON: true })
    expect(text(s.serialize({ at: new Date(0) }))).toBe('{"at": "1970-01-01T00:00:00.000Z"}')
    serializationError(() => s.serialize(new Map()))
  })

  it('compact uses "," and ":"; ensureAscii: false writes raw UTF-8', () => {
    expect(text(json({ compact: true }).serialize({ a: [1, 2] }))).toBe('{"a":[1,2]}')
    const raw = json({ ensureAscii: false }).serialize('héllo 😀')
    expect(text(raw)).toBe('"héllo 😀"')
    expect(jsonSerializer.deserialize(raw)).toBe('héllo 😀')
  })

  it('every configuration reads what every other wrote', () => {
    const value = { s: 'héllo', n: [1, 0.1, -0], o: {} }
    const all = [
      json(),
      json({ compact: true }),
      json({ ensureAscii: false }),
      json({ compact: true, ensureAscii: false }),
    ]
    for (const writer of all)
      for (const reader of all) expect(reader.deserialize(writer.serialize(value))).toEqual(value)
  })
})

describe('json: decoding', () => {
  it('rejects invalid UTF-8, invalid and truncated JSON with E_DESERIALIZATION', () => {
    const bad = [
      Uint8Array.of(0xff, 0xfe),
      new TextEncoder().encode('{"a": '),
      new TextEncoder().encode('nul'),
      new Uint8Array(0),
    ]
    for (const bytes of bad) {
      expect(() => jsonSerializer.deserialize(bytes)).toThrowError(
        expect.objectContaining({ code: 'E_DESERIALIZATION' }),
      )
    }
  })

  it('keeps a "__proto__" key as an own property (no prototype pollution)', () => {
    const value = jsonSerializer.deserialize(new TextEncoder().encode('{"__proto__": {"polluted": 1}}')) as object
    expect(Object.keys(value)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(bytesOf(value)).toBe('{"__proto__": {"polluted": 1}}')
  })
})

describe('json: properties', () => {
  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonSerializer.deserialize(jsonSerializer.serialize(value))).toStrictEqual(value)
      }),
      { numRuns: 500 },
    )
  })

  it('with compact and raw UTF-8, writes what JSON.stringify writes when every number is a safe integer', () => {
    const compactRaw = json({ compact: true, ensureAscii: false })
    const integersOnly = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false),
        fc.maxSafeInteger(),
        fc.string({ unit: 'grapheme' }),
        fc.array(tie('value')),
        fc.dictionary(fc.string(), tie('value')),
      ),
    })).value
    fc.assert(
      fc.property(integersOnly, (value) => {
        expect(text(compactRaw.serialize(value))).toBe(JSON.stringify(value))
      }),
      { numRuns: 300 },
    )
  })

  it('the one-pass writer writes exactly what the Python-style writer writes', () => {
    const options = { ensureAscii: true, compact: false, omitUndefined: false, toJSON: false }
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), fc.boolean(), (value, ensureAscii, compact) => {
        const fast = text(json({ ensureAscii, compact }).serialize(value))
        expect(fast).toBe(writePythonJson(value, { ...options, ensureAscii, compact }))
      }),
      { numRuns: 500 },
    )
  })

  it('escapes DEL and every non-ASCII character on the fast path as Python does, and nothing else', () => {
    expect(bytesOf(['\x7f', 'é', 'a\x7fb'])).toBe('["\\u007f", "\\u00e9", "a\\u007fb"]')
    expect(bytesOf({ '\x7f': '😀' })).toBe('{"\\u007f": "\\ud83d\\ude00"}')
    expect(text(json({ ensureAscii: false }).serialize(['\x7f', 'é']))).toBe('["\x7f", "é"]')
    const options = { ensureAscii: true, compact: false, omitUndefined: false, toJSON: false }
    // strings of any code point (lone surrogates too), with DEL, accents and separators common
    const unit = fc.oneof(
      fc.constantFrom('\x7f', 'é', '😀', 'a', ',', ':', '"', '\\'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    )
    const values = fc.jsonValue({ stringUnit: unit })
    fc.assert(
      fc.property(values, fc.boolean(), fc.boolean(), (value, ensureAscii, compact) => {
        const fast = text(json({ ensureAscii, compact }).serialize(value))
        expect(fast).toBe(writePythonJson(value, { ...options, ensureAscii, compact }))
      }),
      { numRuns: 500 },
    )
  })

  it('writes the same as the Python-style writer for values past the 64 KiB scratch buffer, and after them', () => {
    const options = { ensureAscii: true, compact: false, omitUndefined: false, toJSON: false }
    const row = (i: number) => ({ id: i, 'a, "b": c': ['x,y', 'z:\\"', 1.5, null, { é: '€' }] })
    const large = Array.from({ length: 2000 }, (_, i) => row(i))
    const small = [row(1), 'tail, "quoted": \\']
    expect(jsonSerializer.serialize(large).length).toBeGreaterThan(64 * 1024)
    for (const value of [large, small, large, small]) {
      expect(text(jsonSerializer.serialize(value))).toBe(writePythonJson(value, options))
    }
  })

  it('never produces bytes Python could not parse: the output is ASCII by default', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bytes = jsonSerializer.serialize(value)
        expect(bytes.every((b) => b >= 0x20 && b < 0x7f)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})
