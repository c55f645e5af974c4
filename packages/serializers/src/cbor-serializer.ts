import { Decoder, Encoder } from 'cbor-x'
import { DeserializationError, SerializationError, type Serializer } from '@cachex-js/core'
import { decodePlainCbor } from './decode-plain-cbor.js'
import { UNSUPPORTED } from './unsupported.js'
import { encodePlainCbor } from './encode-plain-cbor.js'
import { findCycle } from './find-cycle.js'

/** Options of the {@link cbor} serializer. Every option only changes how values are written: any `cbor` reads all. */
export interface CborSerializerOptions {
  /**
   * Write a value that holds a cycle with references (cbor-x `structuredClone`: CBOR tags 28/29), so it reads
   * back with the same shape, as Python's pickle does. When `false`, a cyclic value is rejected with
   * `E_SERIALIZATION`. Either way (unless `sharedReferences` is set) a cycle is looked for first: JSON-like values
   * (plain objects, arrays, text, numbers, booleans, `null`) are written by cachex's own plain writer, which finds
   * a cycle as it writes, with cbor-x's exact bytes; any other value is walked once (~0.5 ms per MB of records)
   * and a value without a cycle is written plainly by cbor-x. Default `true`.
   */
  cycles?: boolean
  /**
   * Keep the identity of every object the value holds more than once (`[shared, shared]` reads back as
   * one object twice, like pickle) by writing every value with references. Large values take 25-55% longer
   * to write (cbor-x tracks every object it writes). When `false`, an object held twice without a cycle
   * is written twice and reads back as two equal objects, as with JSON. Implies `cycles`. Default `false`.
   */
  sharedReferences?: boolean
  /**
   * Write packed CBOR (repeated strings stored once). Smaller values, slower writes. Default `false`.
   */
  pack?: boolean
}

/** The options every `cbor` instance decodes with: standard CBOR maps (no cbor-x records), copied byte strings. */
const decodeOptions = { useRecords: false, mapsAsObjects: true, copyBuffers: true } as const

/**
 * The CBOR serializer (cbor-x), cachex's default. Round-trips `null`, `undefined`, booleans, numbers
 * (`NaN`, `Infinity`), strings, `bigint` of any size, `Date`, `Map`, `Set`, `RegExp`, `Error` (as a plain
 * `Error` with its message), `Uint8Array`/`Buffer` and every typed array, plain objects, arrays, and (by default) cycles;
 * an object held twice without a cycle reads back as two equal objects unless `sharedReferences` is set.
 * Functions and symbols are rejected with `E_SERIALIZATION`. See the README for what it changes on the way
 * (class instances become plain objects, a nested `-0` becomes `0`, a `__proto__` own key becomes
 * `__proto_`, dates beyond year ±69,000 may move by 1 ms).
 *
 * @example
 * ```ts
 * const serializer = cbor({ cycles: false })
 * serializer.deserialize(serializer.serialize(new Map([[1, 'a']]))) // Map { 1 => 'a' }
 * ```
 */
export function cbor(options: CborSerializerOptions = {}): Serializer {
  const pack = options.pack ?? false
  const referencing = new Encoder({ ...decodeOptions, structuredClone: true, pack })
  const plain = new Encoder({ ...decodeOptions, pack })
  const cycles = options.cycles ?? true
  const sharedReferences = options.sharedReferences ?? false
  const writesPlainly = !sharedReferences && !pack
  /** The encoder for `value`, or `undefined` when it holds a cycle that `cycles: false` rejects. */
  const encoderFor = (value: unknown): Encoder | undefined => {
    if (sharedReferences) return referencing
    // looked for before writing: a cycle written plainly repeats until the stack runs out
    const scan = findCycle(value)
    if (scan === 'none') return plain
    if (cycles) return referencing
    return scan === 'unsure' ? plain : undefined
  }
  const decoder = new Decoder({ ...decodeOptions })
  return {
    id: 'cbor',
    serialize(value: unknown): Uint8Array {
      // cbor-x writes -0 as the integer 0; keep the sign at the top level (half-float -0.0)
      if (value === 0 && Object.is(value, -0)) return Uint8Array.of(0xf9, 0x80, 0x00)
      if (writesPlainly) {
        // JSON-like values without a cycle: cbor-x's bytes, the cycle check made while writing (one pass, not two)
        const bytes = encodePlainCbor(value)
        if (bytes !== UNSUPPORTED) return bytes
      }
      try {
        const encoder = encoderFor(value)
        if (encoder) return encoder.encode(value)
      } catch (cause) {
        throw encodeError(describe(cause), cause)
      }
      throw encodeError('it holds a cycle (cycles: false)')
    },
    deserialize(bytes: Uint8Array): unknown {
      if (bytes.length === 0) throw new DeserializationError('cbor: no bytes to decode', { context: { codec: 'cbor' } })
      const plain = decodePlainCbor(bytes)
      if (plain !== UNSUPPORTED) return plain
      try {
        return decoder.decode(bytes) as unknown
      } catch (cause) {
        throw new DeserializationError(`cbor cannot decode these bytes: ${describe(cause)}`, {
          cause,
          context: { codec: 'cbor' },
        })
      }
    },
  }
}

function encodeError(reason: string, cause?: unknown): SerializationError {
  return new SerializationError(`cbor cannot encode this value: ${reason}`, { cause, context: { codec: 'cbor' } })
}

function describe(cause: unknown): string {
  if (cause instanceof RangeError && /call stack/i.test(cause.message)) return 'nested too deeply or cyclic'
  return cause instanceof Error ? cause.message : String(cause)
}

/** The default `cbor` serializer instance (`cycles: true`, `sharedReferences: false`, no packing). */
export const cborSerializer: Serializer = cbor()
