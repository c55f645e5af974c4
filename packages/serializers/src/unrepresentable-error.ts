/** Thrown by the JSON writer and validator for a value JSON cannot represent; `path` locates it (`$["a"][2]`). */
export class UnrepresentableError extends Error {
  constructor(
    readonly what: string,
    readonly path: string,
  ) {
    super(`JSON cannot represent ${what} at ${path}`)
    this.name = 'UnrepresentableError'
  }
}

/** `a Map`, `a Date`...: what an object is, for error messages. */
export function typeName(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object with a custom prototype'
}

/** The JSONPath-like location of a value: `$`, `$["a"][2]`. */
export function formatPath(keys: readonly (string | number)[]): string {
  return `$${keys.map((k) => (typeof k === 'number' ? `[${k}]` : `[${JSON.stringify(k)}]`)).join('')}`
}
