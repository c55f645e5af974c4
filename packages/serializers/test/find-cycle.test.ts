import { runInNewContext } from 'node:vm'
import { Encoder, Tag } from 'cbor-x'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { findCycle } from '../src/find-cycle.js'

/** cbor-x written plainly (no reference tracking): a cycle along the paths it follows overflows the stack. */
const plainEncoder = new Encoder({ useRecords: false, mapsAsObjects: true, structuredClone: false })
function cborRecursesForever(value: unknown): boolean {
  try {
    plainEncoder.encode(value)
    return false
  } catch (error) {
    if (error instanceof RangeError && /call stack/.test(error.message)) return true
    throw error
  }
}

const KINDS = ['object', 'array', 'map', 'set', 'class', 'error', 'null-proto', 'data-view', 'tag'] as const
type Kind = (typeof KINDS)[number]

class Holder {
  items: unknown[] = []
}

/** node i of a random graph is a container of its kind; edge n from a to b puts b inside a (n picks how). */
function build(kinds: Kind[], edges: [number, number][]): object[] {
  const nodes: object[] = kinds.map((kind) => {
    switch (kind) {
      case 'array':
        return []
      case 'map':
        return new Map()
      case 'set':
        return new Set()
      case 'class':
        return new Holder()
      case 'error':
        return new Error('e')
      case 'null-proto':
        return Object.create(null) as object
      case 'data-view':
        return new DataView(new ArrayBuffer(1))
      case 'tag':
        return new Tag([], 40000)
      default:
        return {}
    }
  })
  edges.forEach(([from, to], n) => {
    const node = nodes[from]!
    const target = nodes[to]!
    if (Array.isArray(node)) node.push(target)
    else if (node instanceof Map) node.set(n % 2 ? `k${n}` : target, target)
    else if (node instanceof Set) node.add(target)
    else if (node instanceof Holder) node.items.push(target)
    else if (node instanceof Tag) (node.value as unknown[]).push(target)
    else if (node instanceof Error) {
      // cbor-x writes [name, message] only: an enumerable field is not followed
      if (n % 3 === 0) node.message = target as unknown as string
      else if (n % 3 === 1) node.name = target as unknown as string
      else (node as unknown as Record<string, unknown>)[`k${n}`] = target
    } else (node as Record<string, unknown>)[`k${n}`] = target
  })
  return nodes
}

const graphs = fc.integer({ min: 1, max: 7 }).chain((size) =>
  fc.record({
    kinds: fc.array(fc.constantFrom(...KINDS), { minLength: size, maxLength: size }),
    edges: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: size * 2 }),
  }),
)

describe('findCycle', () => {
  it('finds a cycle exactly when cbor-x, writing plainly, would follow one (random graphs of 9 container kinds)', () => {
    fc.assert(
      fc.property(graphs, ({ kinds, edges }) => {
        const root = build(kinds, edges)[0]
        expect(findCycle(root)).toBe(cborRecursesForever(root) ? 'cycle' : 'none')
      }),
      { numRuns: 400 },
    )
  })

  it('tells shared from cyclic, and treats dates, regexps and byte arrays as leaves', () => {
    const shared = { leaf: new Date(0), bytes: new Uint8Array(2), buffer: Buffer.from('x'), re: /x/ }
    expect(findCycle({ a: shared, b: [shared, shared] })).toBe('none')
    expect(findCycle([1, 'a', null, undefined])).toBe('none')
    expect(findCycle('text')).toBe('none')
    expect(findCycle(null)).toBe('none')
    const deep: Record<string, unknown> = {}
    let at = deep
    for (let i = 0; i < 50; i++) at = at.next = {}
    expect(findCycle(deep)).toBe('none')
    at.back = deep
    expect(findCycle(deep)).toBe('cycle')
  })

  it('skips inherited keys, as cbor-x does, and honours an own hasOwnProperty', () => {
    const proto: Record<string, unknown> = {}
    const child = Object.create(proto) as Record<string, unknown>
    proto.loop = child // reachable only through an inherited key
    expect(findCycle(child)).toBe('none')
    expect(cborRecursesForever(child)).toBe(false)

    const objectPrototype = Object.prototype as Record<string, unknown>
    const plain: Record<string, unknown> = { a: 1 }
    objectPrototype.pollutedLoop = plain // an enumerable key every plain object inherits
    try {
      expect(findCycle(plain)).toBe('none')
      expect(cborRecursesForever(plain)).toBe(false)
      plain.self = plain
      expect(findCycle(plain)).toBe('cycle')
    } finally {
      delete objectPrototype.pollutedLoop
    }

    const odd: Record<string, unknown> = { hasOwnProperty: () => false }
    odd.self = odd // cbor-x asks the object's own hasOwnProperty, which says no to every key
    expect(findCycle(odd)).toBe('none')
    expect(cborRecursesForever(odd)).toBe(false)
  })

  it('is unsure about what cbor-x iterates (iterable classes, Map subclasses, other realms), without iterating it', () => {
    let iterated = 0
    class Bag {
      readonly #items: unknown[] = []
      add(item: unknown) {
        this.#items.push(item)
      }
      *[Symbol.iterator]() {
        iterated++
        yield* this.#items
      }
    }
    const bag = new Bag()
    bag.add({ back: bag })
    expect(findCycle({ bag })).toBe('unsure')
    expect(iterated).toBe(0)

    class Registry extends Map<string, unknown> {}
    expect(findCycle(new Registry())).toBe('unsure')
    expect(findCycle(runInNewContext('new Map([["a", 1]])'))).toBe('unsure')
    // an inner cycle is still found before anything unsure is reached
    const loop: Record<string, unknown> = { bag: new Bag() }
    loop.self = loop
    expect(findCycle(loop)).toBe('cycle')
  })
})
