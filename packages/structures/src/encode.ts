/**
 * How structure commands turn arguments into Redis arguments and replies into results: values and
 * members through the cache's codec, scores and ranges as Redis float text, fields as UTF-8 strings,
 * and the reply shapes of RESP2 and RESP3 (flat or nested pairs, maps as arrays or objects) alike.
 */
import { ConfigError, InvalidKeyError, type CodecPipeline } from '@cachex-js/core'
import { describe } from './describe.js'

/** Decimal float text as Redis writes it (HINCRBYFLOAT) and as `String(number)` does. */
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
/** A score bound: a float, `inf`, optionally exclusive with a leading `(`. */
const BOUND_TEXT = /^\(?(?:[+-]?inf|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/i
const FRAME_MARKER = 0x00

/**
 * The bytes stored for a value or member: the codec's (integers as decimal text, everything else a
 * frame, or bare JSON), except that a finite non-integer number is stored as its decimal text
 * (`String(n)`, which reads back exactly) so `HINCRBYFLOAT` works on it, as it does on a redis-py value.
 */
export function encodeValue(codec: CodecPipeline, value: unknown): Buffer {
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
    return Buffer.from(String(value), 'latin1')
  }
  return codec.encode(value)
}

/** The value stored as `reply` (see {@link encodeValue}); `E_DESERIALIZATION` for bytes the codec cannot read. */
export function decodeValue(codec: CodecPipeline, reply: unknown): unknown {
  const bytes = asBytes(reply)
  if (bytes.length > 0 && bytes.length < 64 && bytes[0] !== FRAME_MARKER && codec.decodeInteger(bytes) === undefined) {
    const text = bytes.toString('latin1')
    if (FLOAT_TEXT.test(text)) return Number(text)
  }
  return codec.decode(bytes)
}

/** A nil reply as `undefined`, anything else decoded. */
export function decodeOptional(codec: CodecPipeline, reply: unknown): unknown {
  return reply === null || reply === undefined ? undefined : decodeValue(codec, reply)
}

/** An array reply decoded element by element (nil -> `[]`). */
export function decodeArray(codec: CodecPipeline, reply: unknown): unknown[] {
  return asArray(reply).map((item) => decodeValue(codec, item))
}

/** A reply as a `Buffer` (ioredis buffer commands reply buffers; a string is taken as UTF-8). */
function asBytes(reply: unknown): Buffer {
  if (Buffer.isBuffer(reply)) return reply
  if (reply instanceof Uint8Array) return Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength)
  return Buffer.from(String(reply), 'utf8')
}

/** An array reply, or `[]` for nil. */
export function asArray(reply: unknown): unknown[] {
  return Array.isArray(reply) ? reply : []
}

/** A reply as text (bulk strings arrive as buffers). */
export function asText(reply: unknown): string {
  return Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply)
}

/** An integer reply as a number. */
export function asCount(reply: unknown): number {
  return Number(reply)
}

/** An integer reply as a boolean (1 = true). */
export function asFlag(reply: unknown): boolean {
  return Number(reply) === 1
}

/** A score reply (bulk text, or a RESP3 double) as a number: `inf` -> `Infinity`. */
export function parseScore(reply: unknown): number {
  if (typeof reply === 'number') return reply
  const text = asText(reply).toLowerCase()
  if (text === 'inf' || text === '+inf') return Infinity
  if (text === '-inf') return -Infinity
  return Number(text)
}

/** A score reply that may be nil. */
export function parseOptionalScore(reply: unknown): number | undefined {
  return reply === null || reply === undefined ? undefined : parseScore(reply)
}

/**
 * Pairs from a reply that may be flat (`[a, b, a, b]`, RESP2) or nested (`[[a, b], [a, b]]`, RESP3's
 * WITHSCORES and counted pops).
 */
export function pairsOf(reply: unknown): Array<[unknown, unknown]> {
  const items = asArray(reply)
  if (items.length > 0 && Array.isArray(items[0])) {
    return (items as unknown[][]).map((pair) => [pair[0], pair[1]] as [unknown, unknown])
  }
  const pairs: Array<[unknown, unknown]> = []
  for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i], items[i + 1]])
  return pairs
}

/** Field-value pairs of a map reply: a flat array (RESP2, ioredis's legacy mapping), an object or a Map. */
export function mapEntries(reply: unknown): Array<[unknown, unknown]> {
  if (reply === null || reply === undefined) return []
  if (Array.isArray(reply)) return pairsOf(reply)
  if (reply instanceof Map) return [...(reply as Map<unknown, unknown>).entries()]
  return Object.entries(reply as Record<string, unknown>)
}

/** A hash field: a string (sent as UTF-8); anything else is `E_INVALID_KEY`. */
export function fieldArg(field: unknown): string {
  if (typeof field !== 'string') {
    throw new InvalidKeyError(`hash fields must be strings, got ${describe(field)}`, {
      context: { field: 'field' },
    })
  }
  return field
}

/** A score as Redis float text: `Infinity` -> `+inf`; `NaN` or a non-number is `E_CONFIG`. */
export function scoreArg(score: unknown, field = 'score'): string {
  if (typeof score !== 'number' || Number.isNaN(score)) {
    throw new ConfigError(`${field} must be a number, got ${describe(score)}`, { context: { field } })
  }
  if (score === Infinity) return '+inf'
  if (score === -Infinity) return '-inf'
  return String(score)
}

/** A finite number (an increment); anything else is `E_CONFIG`. */
export function finiteArg(value: unknown, field: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${field} must be a finite number, got ${describe(value)}`, {
      context: { field },
    })
  }
  return String(value)
}

/** An index, rank or count: a safe integer (within `min`); anything else is `E_CONFIG`. */
export function integerArg(value: unknown, field: string, min = -Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const range = min === -Number.MAX_SAFE_INTEGER ? '' : ` >= ${min}`
    throw new ConfigError(`${field} must be an integer${range}, got ${describe(value)}`, {
      context: { field },
    })
  }
  return value
}

/**
 * A score range bound: a number (`±Infinity` for open ends) or Redis's text form (`'-inf'`, `'+inf'`,
 * `'(1.5'` for an exclusive bound); anything else is `E_CONFIG`.
 */
export function boundArg(bound: unknown, field: string): string {
  if (typeof bound === 'number') return scoreArg(bound, field)
  if (typeof bound === 'string' && BOUND_TEXT.test(bound)) return bound
  throw new ConfigError(`${field} must be a number or a score bound like '(1.5' or '-inf'`, { context: { field } })
}
