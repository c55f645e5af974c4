import { formatPath, typeName, UnrepresentableError } from './unrepresentable-error.js'

/**
 * A JSON writer that produces the bytes Python's `json.dumps` produces with its defaults
 * (`separators=(', ', ': ')`, `ensure_ascii=True`, floats in `repr` form), which is what
 * django-redis's `JSONSerializer` stores. It refuses every value JSON cannot represent instead of
 * changing it the way `JSON.stringify` does (dropping `undefined`, turning `NaN` or a `Map` into
 * `null`/`{}`, a `Date` into a string).
 */

/** Options of {@link writePythonJson}. */
export interface PythonJsonOptions {
  /** Escape every non-ASCII character as `\uXXXX` (Python's `ensure_ascii`). */
  ensureAscii: boolean
  /** Use `,` and `:` instead of Python's default `, ` and `: `. */
  compact: boolean
  /** Leave out object properties whose value is `undefined` instead of rejecting them. */
  omitUndefined: boolean
  /** Call `toJSON()` on objects that have it (a `Date` becomes its ISO string) instead of rejecting them. */
  toJSON: boolean
}

const nonAscii = /[\u007f-\uffff]/g
const hasNonAscii = /[\u007f-\uffff]/

/** Formats a finite non-safe-integer number as Python's `float.__repr__` does. */
export function pythonFloatRepr(value: number): string {
  if (Object.is(value, -0)) return '-0.0'
  // toExponential() with no argument gives the shortest digits that round-trip, like Python's repr.
  const [mantissa = '', exp = '0'] = value.toExponential().split('e')
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  const decpt = Number(exp) + 1 // position of the decimal point relative to the digits
  let out: string
  if (decpt > 16 || decpt < -3) {
    const e = decpt - 1
    const sign = e < 0 ? '-' : '+'
    const abs = String(Math.abs(e)).padStart(2, '0')
    out = `${digits[0] ?? '0'}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${sign}${abs}`
  } else if (decpt <= 0) {
    out = `0.${'0'.repeat(-decpt)}${digits}`
  } else if (decpt >= digits.length) {
    out = `${digits}${'0'.repeat(decpt - digits.length)}.0`
  } else {
    out = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`
  }
  return negative ? `-${out}` : out
}

function writeString(value: string, ensureAscii: boolean): string {
  const quoted = JSON.stringify(value)
  return ensureAscii ? escapeNonAscii(quoted) : quoted
}

/** A number as Python's `json.dumps` writes it; `undefined` for `NaN` and the infinities. */
export function pythonNumberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value)
  const abs = Math.abs(value)
  if (abs >= 1e-4 && abs < 1e16) {
    // JS and Python print the same shortest digits in fixed notation here; Python adds ".0" to integers
    const text = String(value)
    return text.includes('.') ? text : `${text}.0`
  }
  return pythonFloatRepr(value)
}

/** Escapes non-ASCII (and DEL) characters of JSON text as `\uXXXX`, as Python's `ensure_ascii` does. */
function escapeNonAscii(json: string): string {
  return hasNonAscii.test(json)
    ? json.replace(nonAscii, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : json
}

/** Serializes `value` as Python's `json.dumps` would, or throws {@link UnrepresentableError}. */
export function writePythonJson(value: unknown, options: PythonJsonOptions): string {
  const itemSep = options.compact ? ',' : ', '
  const keySep = options.compact ? ':' : ': '
  const { ensureAscii, omitUndefined, toJSON } = options
  const ancestors: object[] = []
  const path: (string | number)[] = []
  const fail = (what: string): never => {
    throw new UnrepresentableError(what, formatPath(path))
  }

  const write = (input: unknown, key: string): string => {
    let value = input
    if (toJSON && typeof value === 'object' && value !== null) {
      const method = (value as { toJSON?: unknown }).toJSON
      if (typeof method === 'function') value = (method as (key: string) => unknown).call(value, key)
    }
    switch (typeof value) {
      case 'string':
        return writeString(value, ensureAscii)
      case 'number':
        return pythonNumberText(value) ?? fail(String(value))
      case 'boolean':
        return value ? 'true' : 'false'
      case 'object':
        break
      default:
        return fail(typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`)
    }
    if (value === null) return 'null'
    if (ancestors.includes(value)) fail('a cycle')
    ancestors.push(value)
    let out: string
    if (Array.isArray(value)) {
      out = writeArray(value)
    } else {
      const proto = Object.getPrototypeOf(value) as unknown
      if (proto !== Object.prototype && proto !== null) fail(typeName(value))
      out = writeObject(value as Record<string, unknown>)
    }
    ancestors.pop()
    return out
  }

  const writeArray = (array: readonly unknown[]): string => {
    const length = array.length
    if (length === 0) return '[]'
    let out = '['
    for (let i = 0; i < length; i++) {
      path.push(i)
      if (!(i in array)) fail('a hole in a sparse array')
      out += i === 0 ? write(array[i], String(i)) : itemSep + write(array[i], String(i))
      path.pop()
    }
    return `${out}]`
  }

  const writeObject = (object: Record<string, unknown>): string => {
    let out = ''
    for (const key in object) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue
      const child = object[key]
      if (child === undefined && omitUndefined) continue
      path.push(key)
      const entry = writeString(key, ensureAscii) + keySep + write(child, key)
      path.pop()
      out = out === '' ? entry : out + itemSep + entry
    }
    if (Object.getOwnPropertySymbols(object).length > 0) {
      const symbols = Object.getOwnPropertySymbols(object)
      if (symbols.some((s) => Object.prototype.propertyIsEnumerable.call(object, s))) fail('a symbol-keyed property')
    }
    return out === '' ? '{}' : `{${out}}`
  }

  return write(value, '')
}
