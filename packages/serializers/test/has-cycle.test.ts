import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hasCycle } from '../src/has-cycle.js'

/** A random graph of containers: node i holds the nodes its edges point at, in one of four container kinds. */
const graphs = fc.integer({ min: 1, max: 8 }).chain((size) =>
  fc.record({
    kinds: fc.array(fc.constantFrom('object', 'array', 'map', 'set', 'class'), { minLength: size, maxLength: size }),
    edges: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: size * 2 }),
  }),
)

class Holder {
  items: unknown[] = []
}

function build({ kinds, edges }: { kinds: string[]; edges: [number, number][] }): object[] {
  const nodes = kinds.map((kind) =>
    kind === 'array'
      ? []
      : kind === 'map'
        ? new Map()
        : kind === 'set'
          ? new Set()
          : kind === 'class'
            ? new Holder()
            : {},
  )
  edges.forEach(([from, to], n) => {
    const node = nodes[from]!
    const target = nodes[to]!
    if (Array.isArray(node)) node.push(target)
    else if (node instanceof Map) node.set(n % 2 ? `k${n}` : target, target)
    else if (node instanceof Set) node.add(target)
    else if (node instanceof Holder) node.items.push(target)
    else (node as Record<string, unknown>)[`k${n}`] = target
  })
  return nodes
}

/** Reference answer: depth-first search with colours over the same edges. */
function cyclicFrom(start: number, edges: [number, number][]): boolean {
  const state = new Map<number, 'open' | 'done'>()
  const visit = (n: number): boolean => {
    if (state.get(n) === 'open') return true
    if (state.get(n) === 'done') return false
    state.set(n, 'open')
    for (const [from, to] of edges) if (from === n && visit(to)) return true
    state.set(n, 'done')
    return false
  }
  return visit(start)
}

describe('hasCycle', () => {
  it('agrees with a depth-first search on random graphs of objects, arrays, maps, sets and class instances', () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const nodes = build(graph)
        expect(hasCycle(nodes[0])).toBe(cyclicFrom(0, graph.edges))
      }),
      { numRuns: 500 },
    )
  })

  it('tells shared from cyclic, and treats dates, regexps and byte arrays as leaves', () => {
    const shared = { leaf: new Date(0), bytes: new Uint8Array(2), re: /x/ }
    expect(hasCycle({ a: shared, b: [shared, shared] })).toBe(false)
    expect(hasCycle([1, 'a', null, undefined])).toBe(false)
    expect(hasCycle('text')).toBe(false)
    expect(hasCycle(null)).toBe(false)
    const deep: Record<string, unknown> = {}
    let at = deep
    for (let i = 0; i < 50; i++) at = at.next = {}
    expect(hasCycle(deep)).toBe(false)
    at.back = deep
    expect(hasCycle(deep)).toBe(true)
  })
})
