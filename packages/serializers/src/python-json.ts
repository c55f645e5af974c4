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

/** Thrown by {@link writePythonJson} for a value JSON cannot represent; `path` locates it (`$.a[2]`). */
export class UnrepresentableError extends Error {
  constructor(
    readonly what: string,
    readonly path: string,
  ) {
    super(`JSON cannot represent ${what} at ${path}`)
    this.name = 'UnrepresentableError'
  }
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
  if (!ensureAscii || !hasNonAscii.test(quoted)) return quoted
  return quoted.replace(nonAscii, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function writeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new UnrepresentableError(String(value), path)
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value)
  return pythonFloatRepr(value)
}

function typeName(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object with a custom prototype'
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/** Serializes `value` as Python's `json.dumps` would, or throws {@link UnrepresentableError}. */
export function writePythonJson(value: unknown, options: PythonJsonOptions): string {
  const itemSep = options.compact ? ',' : ', '
  const keySep = options.compact ? ':' : ': '
  const ancestors = new Set<object>()

  const write = (input: unknown, path: string, key: string): string => {
    let value = input
    if (options.toJSON && typeof value === 'object' && value !== null) {
      const toJSON = (value as { toJSON?: unknown }).toJSON
      if (typeof toJSON === 'function') value = (toJSON as (key: string) => unknown).call(value, key)
    }
    switch (typeof value) {
      case 'string':
        return writeString(value, options.ensureAscii)
      case 'number':
        return writeNumber(value, path)
      case 'boolean':
        return value ? 'true' : 'false'
      case 'undefined':
        throw new UnrepresentableError('undefined', path)
      case 'bigint':
        throw new UnrepresentableError('a bigint', path)
      case 'function':
        throw new UnrepresentableError('a function', path)
      case 'symbol':
        throw new UnrepresentableError('a symbol', path)
    }
    if (value === null) return 'null'
    const object = value as object
    if (ancestors.has(object)) throw new UnrepresentableError('a cycle', path)
    ancestors.add(object)
    let out: string
    if (Array.isArray(object)) {
      out = writeArray(object, path)
    } else if (isPlainObject(object)) {
      out = writeObject(object as Record<string, unknown>, path)
    } else {
      throw new UnrepresentableError(typeName(object), path)
    }
    ancestors.delete(object)
    return out
  }

  const writeArray = (array: readonly unknown[], path: string): string => {
    if (array.length === 0) return '[]'
    const parts: string[] = []
    for (let i = 0; i < array.length; i++) {
      if (!(i in array)) throw new UnrepresentableError('a hole in a sparse array', `${path}[${i}]`)
      parts.push(write(array[i], `${path}[${i}]`, String(i)))
    }
    return `[${parts.join(itemSep)}]`
  }

  const writeObject = (object: Record<string, unknown>, path: string): string => {
    if (Object.getOwnPropertySymbols(object).some((s) => Object.prototype.propertyIsEnumerable.call(object, s))) {
      throw new UnrepresentableError('a symbol-keyed property', path)
    }
    const parts: string[] = []
    for (const key of Object.keys(object)) {
      const child = object[key]
      if (child === undefined && options.omitUndefined) continue
      const childPath = `${path}[${JSON.stringify(key)}]`
      parts.push(`${writeString(key, options.ensureAscii)}${keySep}${write(child, childPath, key)}`)
    }
    return parts.length === 0 ? '{}' : `{${parts.join(itemSep)}}`
  }

  return write(value, '$', '')
}
