/**
 * Codec contracts. Both are byte-based and synchronous (they sit on every `get`/`set`),
 * and both carry a stable `id` that is written next to the data so a reader always knows
 * what wrote a value, whatever the reader's own configuration.
 */

/** Turns values into bytes and back. Implementations: `@cachex-js/serializers`, or your plugin. */
export interface Serializer {
  /** Stable identifier written with every value; never reuse another codec's id. ASCII, 1-32 chars. */
  readonly id: string
  /**
   * True when the output is plain text that needs no header to be recognised (JSON: UTF-8 text that never
   * starts with byte 0x00). When such a serializer writes and no compression applies, the pipeline stores
   * its bytes bare (interop with other clients), and readers decode bare bytes with it.
   */
  readonly unframed?: boolean
  /**
   * Encodes a value. Throws (anything) when the value cannot be represented; the pipeline
   * turns that into `E_SERIALIZATION` and writes nothing.
   */
  serialize(value: unknown): Uint8Array
  /** Decodes bytes produced by `serialize`. Throws on bytes it cannot decode. */
  deserialize(bytes: Uint8Array): unknown
}

/** Shrinks bytes and restores them. Implementations: `@cachex-js/compressors`, or your plugin. */
export interface Compressor {
  /** Stable identifier written with every compressed value. ASCII, 1-32 chars. */
  readonly id: string
  /** Inputs shorter than this many bytes are stored uncompressed (default 256 in the built-ins). */
  readonly minLength: number
  /** Compresses bytes. The pipeline keeps the result only if it is smaller than the input. */
  compress(bytes: Uint8Array): Uint8Array
  /**
   * Restores bytes. Must throw (anything) rather than produce more than `maxSize` bytes,
   * which guards against decompression bombs.
   */
  decompress(bytes: Uint8Array, maxSize: number): Uint8Array
}
