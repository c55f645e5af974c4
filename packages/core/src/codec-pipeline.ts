import type { Compressor, Serializer } from './codec.js'
import { ConfigError, DeserializationError, SerializationError } from './errors.js'
import { isSafeBigInt, parseDecimalInteger } from './integer.js'

/**
 * Default bound on the bytes one stored value may inflate to: 512 MiB, Redis's own maximum string size,
 * so any value that could have been stored uncompressed is readable, and a decompression bomb is not.
 */
export const DEFAULT_MAX_DECOMPRESSED_SIZE = 512 * 1024 * 1024

/** Options of {@link createCodecPipeline}. */
export interface CodecPipelineOptions {
  /** The serializers: the first writes, every one reads. At least one. */
  serializers: Serializer | readonly Serializer[]
  /** The compressors: the first writes (above its `minLength`, when smaller), every one reads. Default none. */
  compressors?: Compressor | readonly Compressor[]
  /** Bound on the bytes a value may inflate to. Default {@link DEFAULT_MAX_DECOMPRESSED_SIZE}. */
  maxDecompressedSize?: number
}

/** A compressor that never compresses: put it first to write uncompressed while still reading the others. */
export const noneCompressor: Compressor = Object.freeze({
  id: 'none',
  minLength: Infinity,
  compress: (bytes: Uint8Array) => bytes,
  decompress: (bytes: Uint8Array) => bytes,
})

/** First byte of a framed value. Neither decimal integers nor UTF-8 JSON text can start with it. */
const FRAME_MARKER = 0x00
/** The layout version of the frame header that follows the marker. */
const FRAME_VERSION = 0x01
const MAX_ID_LENGTH = 32
/**
 * The reserved serializer id of raw bytes: a top-level `Uint8Array`/`Buffer` is stored as itself in a frame
 * (whatever the serializer, JSON included) and read back as a `Buffer`.
 */
const BYTES_ID = 'bytes'
const BYTES_ID_CODES = [...BYTES_ID].map((c) => c.charCodeAt(0))

/** What {@link CodecPipeline.inspect} reports about stored bytes. */
export interface StoredForm {
  format: 'integer' | 'frame' | 'bare'
  /** The serializer id named in a frame. */
  serializer?: string
  /** The compressor id named in a frame, when the payload is compressed. */
  compressor?: string
}

interface Known<C> {
  codec: C
  id: Uint8Array
}

/**
 * Turns values into the bytes cachex stores, and back. Stored forms:
 * - safe integers (and bigints beyond 2^53) as plain ASCII decimal, so `INCRBY` works and any client reads
 *   them; decimal text reads back as a `number`, or a `bigint` beyond the safe range;
 * - a frame: byte `0x00`, layout version `0x01`, the serializer id (length-prefixed ASCII), the compressor
 *   id (length-prefixed, empty when uncompressed), then the payload;
 * - bare bytes of an `unframed` serializer (JSON) when no compression applied: interop with other clients;
 * - a top-level `Uint8Array`/`Buffer` as itself in a frame naming the reserved serializer id `bytes`
 *   (whatever the serializer, so bytes round-trip even with JSON), read back as a `Buffer`.
 *
 * Readers recognise each form whatever their own configuration, as long as they know the codec named in
 * a frame (bare text is read with the first `unframed` serializer). Every decode failure is
 * `E_DESERIALIZATION`, every encode failure `E_SERIALIZATION` (with `cause`), and nothing is half-written.
 */
export class CodecPipeline {
  /** The serializer that writes. */
  readonly serializer: Serializer
  /** The compressor that writes, or `undefined`. */
  readonly compressor: Compressor | undefined
  /** The bound on inflated bytes. */
  readonly maxDecompressedSize: number

  private readonly serializers: Known<Serializer>[]
  private readonly compressors: Known<Compressor>[]
  private readonly bareReader: Serializer | undefined
  private readonly plainHeader: Uint8Array
  private readonly compressedHeader: Uint8Array | undefined
  private readonly bytesHeader: Uint8Array
  private readonly compressedBytesHeader: Uint8Array | undefined

  constructor(options: CodecPipelineOptions) {
    const serializers = toList(options.serializers)
    const compressors = toList(options.compressors)
    if (serializers.length === 0) {
      throw new ConfigError('at least one serializer is required', { context: { field: 'serializer' } })
    }
    this.serializers = known(serializers, 'serializer')
    this.compressors = known(compressors, 'compressor')
    this.serializer = serializers[0]!
    this.compressor = compressors[0]
    this.bareReader = serializers.find((s) => s.unframed === true)
    const max = options.maxDecompressedSize ?? DEFAULT_MAX_DECOMPRESSED_SIZE
    if (typeof max !== 'number' || !Number.isSafeInteger(max) || max <= 0) {
      throw new ConfigError('maxDecompressedSize must be a positive integer', {
        context: { field: 'maxDecompressedSize' },
      })
    }
    this.maxDecompressedSize = max
    this.plainHeader = header(this.serializer.id, undefined)
    this.compressedHeader = this.compressor ? header(this.serializer.id, this.compressor.id) : undefined
    this.bytesHeader = header(BYTES_ID, undefined)
    this.compressedBytesHeader = this.compressor ? header(BYTES_ID, this.compressor.id) : undefined
  }

  /** The bytes to store for `value`. Throws `E_SERIALIZATION` when it cannot be encoded. */
  encode(value: unknown): Buffer {
    switch (typeof value) {
      case 'number':
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) return Buffer.from(String(value), 'latin1')
        break
      case 'bigint':
        if (!isSafeBigInt(value)) return Buffer.from(value.toString(), 'latin1')
        break
      case 'function':
      case 'symbol':
        throw new SerializationError(`a ${typeof value} cannot be cached`, { context: { codec: this.serializer.id } })
    }
    const raw = value instanceof Uint8Array
    let payload = raw ? value : this.serialize(value)
    let compressed = false
    const compressor = this.compressor
    if (compressor !== undefined && payload.length >= compressor.minLength) {
      let output: Uint8Array
      try {
        output = compressor.compress(payload)
      } catch (cause) {
        throw new SerializationError(`compressor "${compressor.id}" failed`, {
          cause,
          context: { codec: compressor.id },
        })
      }
      if (output.length < payload.length) {
        payload = output
        compressed = true
      }
    }
    if (!raw && !compressed && this.serializer.unframed === true && canBeBare(payload)) return asBuffer(payload)
    const head = raw
      ? compressed
        ? this.compressedBytesHeader!
        : this.bytesHeader
      : compressed
        ? this.compressedHeader!
        : this.plainHeader
    const out = Buffer.allocUnsafe(head.length + payload.length)
    out.set(head, 0)
    out.set(payload, head.length)
    return out
  }

  /** The value stored as `bytes`. Throws `E_DESERIALIZATION` for bytes it cannot decode. */
  decode(bytes: Uint8Array): unknown {
    if (bytes.length > 0 && bytes[0] === FRAME_MARKER) return this.decodeFrame(bytes)
    const integer = parseDecimalInteger(bytes)
    if (integer !== undefined) return integer
    const reader = this.bareReader
    if (reader === undefined) {
      throw new DeserializationError('stored bytes are neither an integer nor a cachex frame', {
        context: { codec: 'bare' },
      })
    }
    return deserializeWith(reader, bytes)
  }

  /**
   * What wrote `bytes`, without decoding the payload: an `integer` (decimal text), a `frame` (naming its
   * serializer and compressor ids) or `bare` serializer output. Does not check that the codecs are known.
   */
  inspect(bytes: Uint8Array): StoredForm {
    if (bytes.length > 0 && bytes[0] === FRAME_MARKER) {
      if (bytes.length < 4 || bytes[1] !== FRAME_VERSION) return { format: 'frame' }
      const serializerLength = bytes[2]!
      const compressorAt = 3 + serializerLength
      const compressorLength = bytes[compressorAt] ?? 0
      return {
        format: 'frame',
        serializer: latin1(bytes, 3, serializerLength),
        compressor: compressorLength > 0 ? latin1(bytes, compressorAt + 1, compressorLength) : undefined,
      }
    }
    return parseDecimalInteger(bytes) === undefined ? { format: 'bare' } : { format: 'integer' }
  }

  /** The integer stored as `bytes` (decimal text), or `undefined` when they hold anything else. */
  decodeInteger(bytes: Uint8Array): number | bigint | undefined {
    return parseDecimalInteger(bytes)
  }

  private serialize(value: unknown): Uint8Array {
    let payload: unknown
    try {
      payload = this.serializer.serialize(value)
    } catch (cause) {
      throw new SerializationError(`serializer "${this.serializer.id}" cannot encode this value`, {
        cause,
        context: { codec: this.serializer.id },
      })
    }
    if (!(payload instanceof Uint8Array)) {
      throw new SerializationError(`serializer "${this.serializer.id}" did not return bytes`, {
        context: { codec: this.serializer.id },
      })
    }
    return payload
  }

  private decodeFrame(bytes: Uint8Array): unknown {
    if (bytes.length < 4) throw truncated()
    if (bytes[1] !== FRAME_VERSION) {
      throw new DeserializationError(`unknown cachex frame version ${bytes[1]}`, { context: { codec: 'frame' } })
    }
    const serializerLength = bytes[2]!
    const compressorAt = 3 + serializerLength
    if (compressorAt >= bytes.length) throw truncated()
    const raw = isBytesId(bytes, serializerLength)
    const serializer = raw ? undefined : lookup(this.serializers, bytes, 3, serializerLength, 'serializer')
    const compressorLength = bytes[compressorAt]!
    const payloadAt = compressorAt + 1 + compressorLength
    if (payloadAt > bytes.length) throw truncated()
    let payload = bytes.subarray(payloadAt)
    if (compressorLength > 0) {
      const compressor = lookup(this.compressors, bytes, compressorAt + 1, compressorLength, 'compressor')
      try {
        payload = compressor.decompress(payload, this.maxDecompressedSize)
      } catch (cause) {
        throw new DeserializationError(`compressor "${compressor.id}" cannot decompress the stored bytes`, {
          cause,
          context: { codec: compressor.id },
        })
      }
      if (!(payload instanceof Uint8Array) || payload.length > this.maxDecompressedSize) {
        throw new DeserializationError(`value inflates beyond maxDecompressedSize (${this.maxDecompressedSize})`, {
          context: { codec: compressor.id },
        })
      }
    }
    if (serializer === undefined) return compressorLength > 0 ? asBuffer(payload) : Buffer.from(payload)
    // Always a Buffer (a view, no copy): decompressors return plain Uint8Arrays, and a serializer that hands
    // back slices of its input (cbor-x byte strings) must return the same class whether or not it was compressed.
    return deserializeWith(serializer, asBuffer(payload))
  }
}

/** Builds a {@link CodecPipeline}; `E_CONFIG` for an empty serializer list, bad ids or duplicates. */
export function createCodecPipeline(options: CodecPipelineOptions): CodecPipeline {
  return new CodecPipeline(options)
}

function toList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return []
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T]
}

function known<C extends { id: string }>(codecs: C[], kind: 'serializer' | 'compressor'): Known<C>[] {
  const seen = new Set<string>()
  return codecs.map((codec) => {
    const id = (codec as { id?: unknown } | null)?.id
    if (typeof id !== 'string' || !/^[\x21-\x7e]{1,32}$/.test(id)) {
      throw new ConfigError(`${kind} ids must be 1-${MAX_ID_LENGTH} printable ASCII characters`, {
        context: { field: kind, codec: String(id) },
      })
    }
    if (kind === 'serializer' && id === BYTES_ID) {
      throw new ConfigError(`serializer id "${BYTES_ID}" is reserved for raw bytes`, {
        context: { field: kind, codec: id },
      })
    }
    if (seen.has(id)) throw new ConfigError(`${kind} "${id}" is listed twice`, { context: { field: kind, codec: id } })
    seen.add(id)
    return { codec, id: Buffer.from(id, 'latin1') }
  })
}

function header(serializerId: string, compressorId: string | undefined): Uint8Array {
  const s = Buffer.from(serializerId, 'latin1')
  const c = Buffer.from(compressorId ?? '', 'latin1')
  return Buffer.concat([Buffer.from([FRAME_MARKER, FRAME_VERSION, s.length]), s, Buffer.from([c.length]), c])
}

function lookup<C>(list: Known<C>[], bytes: Uint8Array, at: number, length: number, kind: string): C {
  outer: for (const entry of list) {
    if (entry.id.length !== length) continue
    for (let i = 0; i < length; i++) if (entry.id[i] !== bytes[at + i]) continue outer
    return entry.codec
  }
  const id = latin1(bytes, at, length)
  throw new DeserializationError(`the stored value was written by unknown ${kind} "${id}"`, { context: { codec: id } })
}

function deserializeWith(serializer: Serializer, bytes: Uint8Array): unknown {
  try {
    return serializer.deserialize(bytes)
  } catch (cause) {
    throw new DeserializationError(`serializer "${serializer.id}" cannot decode the stored bytes`, {
      cause,
      context: { codec: serializer.id },
    })
  }
}

function truncated(): DeserializationError {
  return new DeserializationError('truncated cachex frame', { context: { codec: 'frame' } })
}

/** Bare bytes must not be mistaken for a frame, an integer or an empty string. */
function canBeBare(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] !== FRAME_MARKER && parseDecimalInteger(bytes) === undefined
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function latin1(bytes: Uint8Array, at: number, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.max(0, Math.min(length, bytes.length - at))).toString(
    'latin1',
  )
}

function isBytesId(bytes: Uint8Array, length: number): boolean {
  if (length !== BYTES_ID_CODES.length) return false
  for (let i = 0; i < length; i++) if (bytes[3 + i] !== BYTES_ID_CODES[i]) return false
  return true
}
