import { Packr, Unpackr, type Options } from 'msgpackr'
import { DeserializationError, SerializationError, type Serializer } from '@cachex-js/core'

/** Options of the {@link msgpack} serializer. They only change how values are written: any `msgpack` reads all. */
export interface MsgpackSerializerOptions {
  /** Preserve cycles and shared references (msgpackr `structuredClone`). Default `true`. */
  cycles?: boolean
}

const ID = 'msgpack'

function rejectFunction(): never {
  throw new TypeError('a function cannot be serialized')
}

/**
 * Reads and writes self-contained msgpackr messages: objects as inline records (so a `Map` stays a `Map`),
 * typed arrays, `Set`, `Error`, `RegExp`, `Date` (exact), `undefined` and `bigint` as msgpackr extensions,
 * no shared structures between messages (any process reads any value).
 */
const baseOptions: Options = {
  useRecords: true,
  moreTypes: true,
  useBigIntExtension: true,
  copyBuffers: true,
  writeFunction: rejectFunction,
}

/**
 * A MessagePack serializer (msgpackr) for cachex, registered under the id `msgpack`. It is built only on
 * the public `Serializer` contract of `@cachex-js/core`: nothing in cachex knows about it.
 *
 * @example
 * ```ts
 * import { registerSerializer } from '@cachex-js/serializers'
 * import { msgpackSerializer } from '@cachex-js/serializer-msgpack'
 *
 * registerSerializer(msgpackSerializer)
 * // then: options: { serializer: ['msgpack', 'cbor'] }, or pass msgpackSerializer itself
 * ```
 */
export function msgpack(options: MsgpackSerializerOptions = {}): Serializer {
  const packr = new Packr({ ...baseOptions, structuredClone: options.cycles ?? true })
  const unpackr = new Unpackr({ ...baseOptions })
  return {
    id: ID,
    serialize(value: unknown): Uint8Array {
      // msgpackr writes -0 as the integer 0; keep the sign at the top level (float64 -0.0)
      if (value === 0 && Object.is(value, -0)) return Uint8Array.of(0xcb, 0x80, 0, 0, 0, 0, 0, 0, 0)
      try {
        return packr.pack(value)
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause)
        throw new SerializationError(`msgpack cannot encode this value: ${reason}`, { cause, context: { codec: ID } })
      }
    },
    deserialize(bytes: Uint8Array): unknown {
      try {
        if (bytes.length === 0) throw new Error('no bytes to decode')
        return unpackr.unpack(bytes) as unknown
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause)
        throw new DeserializationError(`msgpack cannot decode these bytes: ${reason}`, {
          cause,
          context: { codec: ID },
        })
      }
    },
  }
}

/** The default `msgpack` serializer instance (`cycles: true`). */
export const msgpackSerializer: Serializer = msgpack()
