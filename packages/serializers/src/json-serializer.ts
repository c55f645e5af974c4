import { DeserializationError, SerializationError, type Serializer } from '@cachex-js/core'
import { UNSUPPORTED } from './unsupported.js'
import { encodePythonJson } from './encode-python-json.js'
import { writePythonJson } from './python-json.js'
import { UnrepresentableError } from './unrepresentable-error.js'

/** Options of the {@link json} serializer. */
export interface JsonSerializerOptions {
  /**
   * Escape non-ASCII characters as `\uXXXX`, as Python's `json.dumps` (and so django-redis) does.
   * `false` writes them as raw UTF-8 (shorter for non-Latin text; every JSON reader accepts both). Default `true`.
   */
  ensureAscii?: boolean
  /** Write `,` and `:` instead of Python's default `, ` and `: ` separators. Default `false`. */
  compact?: boolean
  /**
   * Leave out object properties whose value is `undefined` (what `JSON.stringify` does) instead of rejecting
   * the value. `undefined` at the top level or in an array is always rejected. Default `false`.
   */
  omitUndefined?: boolean
  /**
   * Serialize objects that have a `toJSON()` method through it (a `Date` becomes its ISO string and reads
   * back as a string) instead of rejecting them. Default `false`.
   */
  toJSON?: boolean
}

const textEncoder = new TextEncoder()
const textDecoder = new TextDecoder('utf-8', { fatal: true })

/**
 * The JSON serializer, for sharing keys with other clients: it writes plain UTF-8 JSON, byte for byte what
 * django-redis's `JSONSerializer` (Python's `json.dumps`) writes, and is `unframed`: with no compression the
 * stored bytes are that JSON and nothing else.
 *
 * It accepts `null`, booleans, finite numbers, strings, arrays and plain objects, and rejects with
 * `E_SERIALIZATION` (naming the path, e.g. `$["a"][2]`) what JSON cannot represent rather than changing it:
 * `undefined`, `bigint`, functions, symbols, `NaN`/`Infinity`, `Map`, `Set`, `Date`, typed arrays and
 * `Buffer`, class instances, sparse arrays and cycles.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(json().serialize({ a: [1, 2.5, 'x', null, true] }))
 * // '{"a": [1, 2.5, "x", null, true]}'
 * ```
 */
export function json(options: JsonSerializerOptions = {}): Serializer {
  const writeOptions = {
    ensureAscii: options.ensureAscii ?? true,
    compact: options.compact ?? false,
    omitUndefined: options.omitUndefined ?? false,
    toJSON: options.toJSON ?? false,
  }
  return {
    id: 'json',
    unframed: true,
    serialize(value: unknown): Uint8Array {
      try {
        if (!writeOptions.toJSON) {
          // Plain JSON: Python's bytes in one pass, checked while written.
          const bytes = encodePythonJson(value, writeOptions)
          if (bytes !== UNSUPPORTED) return bytes
        }
        // Anything else (toJSON, a null prototype, a value to refuse): the Python-style writer, which names what it
        // refuses.
        return textEncoder.encode(writePythonJson(value, writeOptions))
      } catch (cause) {
        if (cause instanceof UnrepresentableError) {
          throw new SerializationError(`${cause.message}; use the cbor serializer to store it`, {
            cause,
            context: { codec: 'json', path: cause.path },
          })
        }
        throw new SerializationError('json cannot encode this value (nested too deeply?)', {
          cause,
          context: { codec: 'json' },
        })
      }
    },
    deserialize(bytes: Uint8Array): unknown {
      try {
        return JSON.parse(textDecoder.decode(bytes)) as unknown
      } catch (cause) {
        throw new DeserializationError('json: the bytes are not UTF-8 JSON', { cause, context: { codec: 'json' } })
      }
    },
  }
}

/** The default `json` serializer instance (Python/django-redis compatible bytes, rejects what JSON cannot hold). */
export const jsonSerializer: Serializer = json()
