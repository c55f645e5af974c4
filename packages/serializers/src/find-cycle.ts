import { Tag } from 'cbor-x'

/** What {@link findCycle} found: no cycle, a cycle, or a value it cannot walk without side effects. */
export type CycleScan = 'none' | 'cycle' | 'unsure'

/**
 * Whether `value` holds a cycle along the paths cbor-x's encoder follows, decided the way cbor-x decides
 * how to write each object (encode.js, cbor-x 1.6): `constructor === Object` or a class instance without
 * an iterator: its own enumerable string keys; `constructor === Array`: its items; `constructor === Map`:
 * keys and values; a `Set`: its items; an `Error`: `name` and `message` only; a cbor-x `Tag`: its value;
 * `Date`, `RegExp`, `ArrayBuffer` and typed arrays (`Buffer` too): leaves.
 *
 * Anything else cbor-x writes by iterating it (a `Map` subclass, a `Map` or array from another realm, a boxed
 * string, a class with `Symbol.iterator`) is `'unsure'`: iterating it here could consume a generator or run
 * user code twice, so the caller writes it with references, as it did before this check existed.
 *
 * Only the current path is kept (an object on two branches is shared, not cyclic), so plain objects and
 * arrays cost no allocation: ~0.5 ms per MB of JSON-like records, where cbor-x's own reference tracking
 * (`structuredClone`) adds ~3.5 ms. Enumerable getters run here and again when the value is written. A value
 * nested deeper than the stack allows throws a `RangeError`, as encoding it would.
 *
 * @internal
 */
export function findCycle(value: unknown): CycleScan {
  if (!isObject(value)) return 'none'
  const scan: Scan = { path: [], unsure: false, cleanPrototype: prototypeIsClean() }
  if (walk(scan, value, 0)) return 'cycle'
  return scan.unsure ? 'unsure' : 'none'
}

interface Scan {
  readonly path: object[]
  /** Set when a part of the value could not be walked (see {@link findCycle}). */
  unsure: boolean
  /** No enumerable property on `Object.prototype`, so `for...in` on a plain object lists own keys only. */
  readonly cleanPrototype: boolean
}

// the plain object and array cases, nearly everything a cache holds, are taken first and walked inline
function walk(scan: Scan, node: object, depth: number): boolean {
  const path = scan.path
  for (let i = 0; i < depth; i++) if (path[i] === node) return true
  path[depth] = node
  const next = depth + 1
  const constructor: unknown = node.constructor
  if (constructor === Array) {
    const items = node as unknown[]
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (isObject(item) && walk(scan, item, next)) return true
    }
    return false
  }
  if (
    constructor === Object &&
    scan.cleanPrototype &&
    Object.getPrototypeOf(node) === Object.prototype &&
    (node as { hasOwnProperty: unknown }).hasOwnProperty === Object.prototype.hasOwnProperty
  ) {
    for (const key in node) {
      const item = (node as Record<string, unknown>)[key]
      if (isObject(item) && walk(scan, item, next)) return true
    }
    return false
  }
  return walkOther(scan, node, constructor, next)
}

function walkOther(scan: Scan, node: object, constructor: unknown, next: number): boolean {
  const child = (item: unknown) => isObject(item) && walk(scan, item, next)
  if (constructor === Object) return walkProperties(node, child)
  if (constructor === Map) {
    for (const [key, item] of node as Map<unknown, unknown>) if (child(key) || child(item)) return true
    return false
  }
  // cbor-x's extensions, matched with instanceof in its order
  if (node instanceof Date) return false
  if (node instanceof Set) {
    for (const item of node) if (child(item)) return true
    return false
  }
  if (node instanceof Error) return child(node.name) || child(node.message)
  if (node instanceof RegExp) return false
  if (node instanceof Tag) return child((node as { value: unknown }).value)
  if (node instanceof ArrayBuffer || (ArrayBuffer.isView(node) && !(node instanceof DataView))) return false
  if (Symbol.iterator in node || Symbol.asyncIterator in node) {
    scan.unsure = true
    return false
  }
  return walkProperties(node, child)
}

/** The keys cbor-x's `writeObject` writes: `for...in`, filtered by the object's own `hasOwnProperty`. */
function walkProperties(node: object, child: (item: unknown) => boolean): boolean {
  const object = node as Record<string, unknown> & { hasOwnProperty: unknown }
  const filter = typeof object.hasOwnProperty === 'function'
  for (const key in object) {
    if (filter && !(object.hasOwnProperty as (this: object, key: string) => boolean).call(object, key)) continue
    if (child(object[key])) return true
  }
  return false
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

/** True while no enumerable property has been added to `Object.prototype`. */
function prototypeIsClean(): boolean {
  for (const _key in Object.prototype) return false
  return true
}
