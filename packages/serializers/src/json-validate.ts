import { formatPath, typeName, UnrepresentableError } from './unrepresentable-error.js'

/** True when JS prints `value` exactly as Python's json.dumps does (most numbers). */
function printsAlike(value: number): boolean {
  if (Number.isSafeInteger(value)) return !Object.is(value, -0)
  const abs = Math.abs(value)
  return abs >= 1e-4 && abs < 1e16 && !Number.isInteger(value)
}

/**
 * Checks that `value` holds only what JSON represents (throws {@link UnrepresentableError} otherwise)
 * and tells whether every number in it prints the same in JS and Python, so the caller can use the
 * native `JSON.stringify` and only adjust separators and escapes.
 */
export function validateJson(value: unknown, omitUndefined: boolean): boolean {
  try {
    return walkJson(value, omitUndefined, undefined)
  } catch (error) {
    // walk again, this time tracking where we are, to name the path of the first offender
    if (error instanceof UnrepresentableError) walkJson(value, omitUndefined, [])
    throw error
  }
}

/** One walk's state (module-level functions over it: no closures allocated per call). */
interface Walk {
  readonly omitUndefined: boolean
  /** The path to the current value, tracked only on the second walk that names an offender. */
  readonly path: (string | number)[] | undefined
  readonly ancestors: object[]
  alike: boolean
}

function walkJson(root: unknown, omitUndefined: boolean, path: (string | number)[] | undefined): boolean {
  const walk: Walk = { omitUndefined, path, ancestors: [], alike: true }
  visit(walk, root)
  return walk.alike
}

function fail(walk: Walk, what: string): never {
  throw new UnrepresentableError(what, walk.path ? formatPath(walk.path) : '$')
}

function visit(walk: Walk, value: unknown): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return
    case 'number':
      if (!Number.isFinite(value)) fail(walk, String(value))
      if (walk.alike && !printsAlike(value)) walk.alike = false
      return
    case 'object':
      break
    default:
      return fail(walk, typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`)
  }
  if (value === null) return
  const { ancestors, path } = walk
  if (ancestors.includes(value)) fail(walk, 'a cycle')
  ancestors.push(value)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path?.push(i)
      if (!(i in value)) fail(walk, 'a hole in a sparse array')
      visit(walk, value[i])
      path?.pop()
    }
  } else {
    const proto = Object.getPrototypeOf(value) as unknown
    if (proto !== Object.prototype && proto !== null) fail(walk, typeName(value))
    const object = value as Record<string, unknown>
    // Object.keys: the own enumerable string keys, as `for...in` filtered by hasOwnProperty, faster.
    const keys = Object.keys(object)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      const child = object[key]
      if (child === undefined && walk.omitUndefined) continue
      path?.push(key)
      visit(walk, child)
      path?.pop()
    }
    const symbols = Object.getOwnPropertySymbols(object)
    if (symbols.length > 0 && symbols.some((s) => Object.prototype.propertyIsEnumerable.call(object, s))) {
      fail(walk, 'a symbol-keyed property')
    }
  }
  ancestors.pop()
}
