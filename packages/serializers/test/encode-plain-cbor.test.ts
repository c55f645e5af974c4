import { Encoder } from 'cbor-x'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cborSerializer } from '@cachex-js/serializers'
import { encodePlainCbor } from '../src/encode-plain-cbor.js'
import { UNSUPPORTED } from '../src/unsupported.js'

// What the cbor serializer writes plainly: the fast path must write exactly these bytes.
const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, copyBuffers: true })

function expectSameBytes(value: unknown): void {
  const fast = encodePlainCbor(value)
  expect(fast).not.toBe(UNSUPPORTED)
  expect(Buffer.from(fast as Uint8Array).toString('hex')).toBe(Buffer.from(encoder.encode(value)).toString('hex'))
}

// JSON-like data with the edges of cbor-x's encoding: integer widths, floats, -0, lone surrogates, long text.
const leaf = fc.oneof(
  fc.constantFrom(null, undefined, true, false, NaN, Infinity, -Infinity, -0, 0.5, 2 ** 53, -(2 ** 53)),
  fc.constantFrom(23, 24, 255, 256, 65535, 65536, 2 ** 31, 2 ** 32 - 1, 2 ** 32, -24, -25, -256, -257, -65536),
  fc.constantFrom(-65537, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 32), -(2 ** 32) - 1, 1.5e300),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 60, maxLength: 300 }),
)
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value')),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 20 }), tie('value'), { noNullPrototype: true }),
  ),
})).value

describe('encodePlainCbor: the fast path for plain values', () => {
  it("writes cbor-x's bytes for every JSON-like value", () => {
    fc.assert(fc.property(value, expectSameBytes), { numRuns: 2000 })
  })

  it('writes text of every length class as cbor-x does, lone surrogates included', () => {
    for (const length of [0, 1, 23, 24, 31, 32, 63, 64, 255, 256, 65535, 65536, 70_000]) {
      expectSameBytes('a'.repeat(length))
      expectSameBytes('é'.repeat(length)) // 2 bytes per unit: a longer header than the unit count suggests
      expectSameBytes('\ud83d'.repeat(Math.min(length, 2000))) // lone surrogates: by hand under 64 units, U+FFFD from 64
      expectSameBytes({ ['k'.repeat(length % 100)]: 'v'.repeat(length) })
    }
  })

  it('writes arrays and maps of every length class, and keys in Object.keys order', () => {
    for (const length of [0, 23, 24, 255, 256, 65535, 65536]) {
      expectSameBytes(Array.from({ length }, (_, i) => i))
      expectSameBytes(Object.fromEntries(Array.from({ length: Math.min(length, 65535) }, (_, i) => [`k${i}`, i])))
    }
    expectSameBytes({ b: 1, 2: 'two', a: 3, 1: 'one' })
    expectSameBytes(JSON.parse('{"__proto__": 1, "x": [1, {"y": null}]}'))
  })

  it('writes an object held twice (not a cycle) twice, as cbor-x does', () => {
    const shared = { id: 1 }
    expectSameBytes([shared, shared, { a: shared, b: [shared] }])
  })

  it('leaves everything else to cbor-x', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = { back: cyclic }
    const cyclicArray: unknown[] = [1]
    cyclicArray.push([cyclicArray])
    class Point {
      x = 1
    }
    const leftToCborX: unknown[] = [
      new Date(0),
      new Map([[1, 2]]),
      new Set([1]),
      new Uint8Array(2),
      Buffer.from('x'),
      10n,
      Symbol('s'),
      () => 1,
      new Point(),
      Object.create(null),
      { hasOwnProperty: 1 },
      { hasOwnProperty: () => true },
      { constructor: 'not Object' },
      cyclic,
      cyclicArray,
      { deep: [{ deeper: new Date(0) }] },
      Object.fromEntries(Array.from({ length: 65536 }, (_, i) => [`k${i}`, i])), // cbor-x writes 16-bit map sizes
      {
        get broken(): never {
          throw new Error('getter')
        },
      },
    ]
    for (const item of leftToCborX) expect(encodePlainCbor(item)).toBe(UNSUPPORTED)
    // and the next value is written as if nothing happened
    expectSameBytes({ after: [1, 'two'] })
  })

  it('stops at a cycle before writing it again: a cycle through a wide branch costs no more than the branch', () => {
    const wide: Record<string, unknown> = { pad: 'x'.repeat(100_000) }
    wide.self = { again: wide }
    const before = process.memoryUsage().arrayBuffers
    expect(encodePlainCbor(wide)).toBe(UNSUPPORTED)
    // written plainly, it would repeat the 100 KB at every level until the stack ran out (gigabytes)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024)
  })

  it('writes a value whose getter serializes another one while it is written', () => {
    const inner = { inner: [1, 2, 3] }
    let innerBytes: Uint8Array | undefined
    const outer = {
      before: 'a'.repeat(30),
      get nested(): string {
        innerBytes = cborSerializer.serialize(inner)
        return 'b'
      },
      after: [4, 5],
    }
    expectSameBytes(outer)
    expect(Buffer.from(innerBytes!).toString('hex')).toBe(Buffer.from(encoder.encode(inner)).toString('hex'))
  })

  it('never writes over bytes it returned: values share slabs, and a value larger than a slab moves to its own', () => {
    const values = Array.from({ length: 3000 }, (_, i) =>
      i % 500 === 7 ? { big: 'x'.repeat(200_000 + i), i } : { id: i, name: `user ${i}`, tags: ['a', 'b'].slice(i % 3) },
    )
    const written = values.map((item) => encodePlainCbor(item) as Uint8Array)
    values.forEach((item, i) => {
      expect(Buffer.compare(Buffer.from(written[i]!), Buffer.from(encoder.encode(item)))).toBe(0)
    })
  })
})

describe('the cbor serializer with the fast path', () => {
  it('reads back what it writes, and still refuses or references what the fast path leaves', () => {
    const serializer = cborSerializer
    const record = { id: 7, name: 'Ada', tags: ['x'], score: 1.5, active: true, nothing: null }
    expect(serializer.deserialize(serializer.serialize(record))).toEqual(record)
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    const back = serializer.deserialize(serializer.serialize(cyclic)) as Record<string, unknown>
    expect(back.self).toBe(back)
    expect(() => serializer.serialize({ f: () => 1 })).toThrow(expect.objectContaining({ code: 'E_SERIALIZATION' }))
    const broken = {
      get value(): never {
        throw new Error('getter says no')
      },
    }
    expect(() => serializer.serialize(broken)).toThrow(/getter says no/)
  })
})
