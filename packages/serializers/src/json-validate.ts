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

function walkJson(root: unknown, omitUndefined: boolean, path: (string | number)[] | undefined): boolean {
  const ancestors: object[] = []
  let alike = true
  const fail = (what: string): never => {
    throw new UnrepresentableError(what, path ? formatPath(path) : '$')
  }
  const visit = (value: unknown): void => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return
      case 'number':
        if (!Number.isFinite(value)) fail(String(value))
        if (alike && !printsAlike(value)) alike = false
        return
      case 'object':
        break
      default:
        return fail(typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`)
    }
    if (value === null) return
    if (ancestors.includes(value)) fail('a cycle')
    ancestors.push(value)
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path?.push(i)
        if (!(i in value)) fail('a hole in a sparse array')
        visit(value[i])
        path?.pop()
      }
    } else {
      const proto = Object.getPrototypeOf(value) as unknown
      if (proto !== Object.prototype && proto !== null) fail(typeName(value))
      const object = value as Record<string, unknown>
      for (const key in object) {
        if (!Object.prototype.hasOwnProperty.call(object, key)) continue
        const child = object[key]
        if (child === undefined && omitUndefined) continue
        path?.push(key)
        visit(child)
        path?.pop()
      }
      const symbols = Object.getOwnPropertySymbols(object)
      if (symbols.length > 0 && symbols.some((s) => Object.prototype.propertyIsEnumerable.call(object, s))) {
        fail('a symbol-keyed property')
      }
    }
    ancestors.pop()
  }
  visit(root)
  return alike
}
