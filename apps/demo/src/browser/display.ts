/**
 * How the cache browser shows a decoded value: readable text for any value the serializers produce (`Map`,
 * `Set`, `Date`, `bigint`, bytes...), plus JSON when the value survives a JSON round trip (what the editor
 * starts from).
 */
import { inspect, isDeepStrictEqual } from 'node:util'

/** A value as the browser shows it. */
export interface Displayed {
  /** What kind of value: `string`, `number`, `object`, `Map`, `Uint8Array`... */
  kind: string
  /** Readable text (node's `util.inspect`), bounded in depth and length. */
  text: string
  /** Pretty JSON when the value round-trips through JSON unchanged, else `undefined`. */
  json?: string
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  return Array.isArray(value) ? 'array' : (value.constructor?.name ?? 'object')
}

/** Displays `value`. */
export function display(value: unknown): Displayed {
  const text =
    typeof value === 'string'
      ? value.length > 4000
        ? `${value.slice(0, 4000)}… (${value.length} characters)`
        : value
      : inspect(value, { depth: 6, maxArrayLength: 100, maxStringLength: 2000, breakLength: 100, sorted: true })
  let json: string | undefined
  try {
    const encoded = JSON.stringify(value, null, 2)
    if (encoded !== undefined && isDeepStrictEqual(JSON.parse(encoded), value)) json = encoded
  } catch {
    json = undefined // bigint, cycles: not JSON
  }
  return { kind: kindOf(value), text, ...(json !== undefined && { json }) }
}
