import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isCachexError } from '@cachex-js/core'
import { cbor, cborSerializer } from '@cachex-js/serializers'

const roundTrip = (value: unknown, serializer = cborSerializer) => serializer.deserialize(serializer.serialize(value))

describe('cbor: round-trips what the contract promises', () => {
  const cases: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['true', true],
    ['a string', 'héllo 😀'],
    ['the string "1"', '1'],
    ['a float', 2.5],
    ['NaN', NaN],
    ['-Infinity', -Infinity],
    ['-0 at the top level', -0],
    ['a Date', new Date(1_700_000_000_123)],
    ['an invalid Date', new Date(NaN)],
    [
      'a Map with mixed keys',
      new Map<unknown, unknown>([
        [1, 'a'],
        ['k', { x: 1 }],
      ]),
    ],
    ['a Map with string keys', new Map([['a', 1]])],
    ['a Set', new Set([1, 'a', null])],
    ['a small bigint', 5n],
    ['a negative bigint', -5n],
    ['a 64-bit bigint', 2n ** 63n],
    ['a huge bigint', 2n ** 200n + 1n],
    ['a huge negative bigint', -(2n ** 200n)],
    ['a Uint8Array', Uint8Array.of(0, 1, 255)],
    ['a Float64Array', Float64Array.of(1.5, -0, NaN)],
    ['an Int32Array', Int32Array.of(-1, 2)],
    ['a BigInt64Array', BigInt64Array.of(-1n, 2n ** 62n)],
    ['a RegExp', /a+b/gi],
    ['nested structures', { a: [1, { b: new Map([['z', new Set([new Date(0)])]]) }], u: undefined, n: null }],
    ['an array holding undefined', [undefined, 1]],
    ['an empty object and array', { o: {}, a: [] }],
  ]
  for (const [name, value] of cases) {
    it(name, () => {
      expect(roundTrip(value)).toStrictEqual(value)
    })
  }

  it('a Buffer comes back as a Buffer, byte for byte', () => {
    const out = roundTrip(Buffer.from([1, 2, 3]))
    expect(Buffer.isBuffer(out)).toBe(true)
    expect([...(out as Buffer)]).toEqual([1, 2, 3])
  })

  it('a Uint8Array comes back as a Uint8Array (not a Buffer)', () => {
    const out = roundTrip(Uint8Array.of(9))
    expect(out).toBeInstanceOf(Uint8Array)
    expect(Buffer.isBuffer(out)).toBe(false)
  })

  it('documented: an Error reads back as a plain Error with its message (subclass and stack are not kept)', () => {
    const out = roundTrip(new TypeError('boom')) as Error
    expect(out).toBeInstanceOf(Error)
    expect(out).not.toBeInstanceOf(TypeError)
    expect(out.message).toBe('boom')
  })

  it('decoded byte strings do not share memory with the input', () => {
    const bytes = cborSerializer.serialize({ b: Buffer.from('abc') })
    const out = cborSerializer.deserialize(bytes) as { b: Buffer }
    bytes.fill(0)
    expect(out.b.toString()).toBe('abc')
  })
})

describe('cbor: cycles and shared references', () => {
  it('keeps cycles by default, wherever they close', () => {
    const value: Record<string, unknown> = { a: 1 }
    value.self = value
    const out = roundTrip(value) as typeof value
    expect(out.self).toBe(out)

    class Node {
      children: Node[] = []
      constructor(public parent?: Node) {}
    }
    const root = new Node()
    root.children.push(new Node(root))
    const tree = roundTrip({ root }) as { root: { children: { parent: unknown }[] } }
    expect(tree.root.children[0]!.parent).toBe(tree.root)

    const viaMap: Record<string, unknown> = { m: new Map() }
    ;(viaMap.m as Map<string, unknown>).set('up', viaMap)
    const viaMapOut = roundTrip(viaMap) as { m: Map<string, unknown> }
    expect(viaMapOut.m.get('up')).toBe(viaMapOut)
    const list: unknown[] = [1]
    list.push(list)
    const listOut = roundTrip(list) as unknown[]
    expect(listOut[1]).toBe(listOut)
  })

  it('reads a cycle that closes on a Map or Set back with an empty object in its place (cbor-x, documented)', () => {
    const map = new Map<string, unknown>()
    map.set('owner', { of: map })
    const out = roundTrip(map) as Map<string, { of: unknown }>
    expect(out.get('owner')!.of).toStrictEqual({})
    const set = new Set<unknown>()
    set.add({ back: set })
    expect([...(roundTrip(set) as Set<{ back: unknown }>)][0]!.back).toStrictEqual({})
  })

  it('writes an object held twice without a cycle twice by default, once with sharedReferences', () => {
    const shared = { x: 1 }
    const value = { pair: [shared, shared], nested: { again: shared } }
    const plain = roundTrip(value) as { pair: object[]; nested: { again: object } }
    expect(plain).toStrictEqual(value)
    expect(plain.pair[0]).not.toBe(plain.pair[1])

    const referencing = cbor({ sharedReferences: true })
    const kept = roundTrip(value, referencing) as typeof plain
    expect(kept.pair[0]).toBe(kept.pair[1])
    expect(kept.nested.again).toBe(kept.pair[0])
    // the default reads references sharedReferences wrote, and the other way round
    const cross = cborSerializer.deserialize(referencing.serialize(value)) as typeof plain
    expect(cross.pair[0]).toBe(cross.pair[1])
    expect(referencing.deserialize(cborSerializer.serialize(value))).toStrictEqual(value)
  })

  it('keeps shared identity in a value that holds a cycle (it is written with references)', () => {
    const shared = { x: 1 }
    const value: Record<string, unknown> = { pair: [shared, shared] }
    value.self = value
    const out = roundTrip(value) as { pair: object[]; self: unknown }
    expect(out.self).toBe(out)
    expect(out.pair[0]).toBe(out.pair[1])
  })

  it('rejects a cycle with E_SERIALIZATION when cycles: false', () => {
    const value: Record<string, unknown> = {}
    value.self = value
    expect(() => cbor({ cycles: false }).serialize(value)).toThrowError(
      expect.objectContaining({ code: 'E_SERIALIZATION', context: { codec: 'cbor' } }),
    )
  })

  it('rejects a cycle behind a large value at once, without writing it over and over (cycles: false)', () => {
    // written plainly, each turn of the cycle copies the 16 MB string again until the stack runs out
    const value: Record<string, unknown> = { data: 'x'.repeat(16 * 1024 * 1024) }
    value.self = { back: value }
    expect(() => cbor({ cycles: false }).serialize(value)).toThrowError(/holds a cycle/)
  })

  it('writes cycles with sharedReferences even when cycles: false (sharedReferences implies cycles)', () => {
    const value: Record<string, unknown> = { a: 1 }
    value.self = value
    const out = roundTrip(value, cbor({ cycles: false, sharedReferences: true })) as typeof value
    expect(out.self).toBe(out)
  })

  it('writes what cbor-x iterates with references when it may hold a cycle (an iterable class)', () => {
    class Bag {
      readonly #items: unknown[] = []
      add(item: unknown) {
        this.#items.push(item)
      }
      *[Symbol.iterator]() {
        yield* this.#items
      }
    }
    const bag = new Bag()
    bag.add({ back: bag })
    const out = roundTrip({ bag }) as { bag: { back: unknown }[] }
    expect(out.bag[0]!.back).toBe(out.bag)
  })

  it('follows an Error only through its name and message, as cbor-x writes it', () => {
    const error = new Error('failed') as Error & { request?: unknown }
    error.request = { error } // not written by cbor-x: no cycle, accepted with cycles: false
    const out = roundTrip(error, cbor({ cycles: false })) as Error
    expect(out).toBeInstanceOf(Error)
    expect(out.message).toBe('failed')
    const inMessage = new Error('x')
    inMessage.message = { inMessage } as unknown as string // written by cbor-x: a cycle
    expect(() => cbor({ cycles: false }).serialize(inMessage)).toThrowError(/holds a cycle/)
    expect(cborSerializer.serialize(inMessage).length).toBeGreaterThan(0)
  })

  it('leaves what sits on two branches alone when looking for a cycle (cycles: false)', () => {
    const shared = { x: [1, 2] }
    const value = { a: shared, b: [shared, new Map([[shared, shared]])], c: new Set([shared]), d: new Date(0) }
    expect(roundTrip(value, cbor({ cycles: false }))).toStrictEqual(value)
  })

  it('any cbor configuration reads what any other wrote (the id stays cbor)', () => {
    const value = { s: ['repeated', 'repeated', 'repeated'], m: new Map([[1, 2]]), d: new Date(5) }
    const all = [
      cbor(),
      cbor({ cycles: false }),
      cbor({ sharedReferences: true }),
      cbor({ pack: true }),
      cbor({ pack: true, cycles: false }),
      cbor({ pack: true, sharedReferences: true }),
    ]
    for (const writer of all) {
      expect(writer.id).toBe('cbor')
      for (const reader of all) expect(reader.deserialize(writer.serialize(value))).toStrictEqual(value)
    }
  })
})

describe('cbor: rejects and documented changes', () => {
  it('rejects functions and symbols with E_SERIALIZATION', () => {
    for (const value of [() => 1, { f: () => 1 }, Symbol('s'), [Symbol('s')]]) {
      let caught: unknown
      try {
        cborSerializer.serialize(value)
      } catch (error) {
        caught = error
      }
      expect(isCachexError(caught, 'E_SERIALIZATION')).toBe(true)
    }
  })

  it('documented: a class instance reads back as a plain object with its own fields', () => {
    class Point {
      constructor(
        public x = 1,
        public y = 2,
      ) {}
    }
    const out = roundTrip(new Point())
    expect(out).toStrictEqual({ x: 1, y: 2 })
    expect(out).not.toBeInstanceOf(Point)
  })

  it('documented: a nested -0 reads back as 0', () => {
    expect(Object.is((roundTrip([-0]) as number[])[0], 0)).toBe(true)
  })

  it('documented: an own "__proto__" key reads back as "__proto_" and never pollutes prototypes', () => {
    const value = JSON.parse('{"__proto__": {"polluted": 1}}') as unknown
    expect(roundTrip(value)).toStrictEqual({ __proto_: { polluted: 1 } })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('cbor: decoding bad bytes', () => {
  it('every truncation of a value is E_DESERIALIZATION (CBOR is prefix-free)', () => {
    const bytes = cborSerializer.serialize({ a: [1, 2.5, 'x', new Date(0), new Map([[1, 2n ** 70n]])] })
    for (let i = 0; i < bytes.length; i++) {
      expect(() => cborSerializer.deserialize(bytes.subarray(0, i)), `prefix ${i}`).toThrowError(
        expect.objectContaining({ code: 'E_DESERIALIZATION' }),
      )
    }
  })

  it('trailing bytes are E_DESERIALIZATION', () => {
    const bytes = cborSerializer.serialize([1, 2])
    expect(() => cborSerializer.deserialize(Uint8Array.of(...bytes, 0))).toThrowError(
      expect.objectContaining({ code: 'E_DESERIALIZATION' }),
    )
  })

  it('arbitrary bytes decode to a value or throw E_DESERIALIZATION, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          cborSerializer.deserialize(bytes)
        } catch (error) {
          expect(isCachexError(error, 'E_DESERIALIZATION')).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })
})

describe('cbor: properties', () => {
  // Dates within ±69,000 years of 1970 (CBOR tag 1 stores float seconds: exact to the ms there).
  const date = fc.date({ min: new Date(-2_000_000_000_000_000), max: new Date(2_000_000_000_000_000) })
  const leaf = fc.oneof(
    fc.constantFrom(null, undefined, true, false, NaN, Infinity, -Infinity),
    fc.double().map((n) => (n === 0 ? 0 : n)),
    fc.integer(),
    fc.bigInt(),
    fc.string({ unit: 'binary' }),
    date,
    fc.uint8Array().map((b) => b),
    fc.float64Array().map((a) => a.map((n) => (n === 0 ? 0 : n))),
    fc.int32Array(),
  )
  const key = fc.string().filter((k) => k !== '__proto__')
  const value = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value')),
      fc.dictionary(key, tie('value'), { noNullPrototype: true }),
      fc.array(fc.tuple(fc.oneof(leaf, fc.string()), tie('value'))).map((entries) => new Map(entries)),
      fc.array(fc.oneof(fc.string(), fc.integer())).map((items) => new Set(items)),
    ),
  })).value

  it('round-trips arbitrary values, whatever the options', () => {
    const all = [cborSerializer, cbor({ cycles: false }), cbor({ pack: true })]
    fc.assert(
      fc.property(value, fc.constantFrom(...all), (input, serializer) => {
        expect(roundTrip(input, serializer)).toStrictEqual(input)
      }),
      { numRuns: 500 },
    )
  })
})
