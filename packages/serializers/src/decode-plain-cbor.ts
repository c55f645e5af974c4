/**
 * A fast path for reading the CBOR most cached values are made of: JSON-like data (maps with text keys,
 * arrays, text, numbers, booleans, null, undefined) and byte strings. It gives exactly what cbor-x gives
 * for those bytes, or {@link UNSUPPORTED} for anything else (a tag: Date, Map, Set, bigint, typed
 * arrays, references...; an indefinite length; a 64-bit integer; text that is not well-formed UTF-8;
 * truncated or trailing bytes), and the caller then decodes with cbor-x.
 *
 * Why: cbor-x reads every map key as a fresh string, which V8 then looks up in its string table to store
 * the property, and a value of many records is mostly keys. Here a key is read once and then found again
 * by its bytes in a small cache, as the same string; so are short ASCII text values. On records of ~1 MB this
 * decodes in ~0.8x cbor-x's time with far less garbage (see docs/benchmarks/profiling.md, Rounds 6 and 8).
 */

import { UNSUPPORTED } from './unsupported.js'

/** Thrown inside the decoder to leave: caught at the top, never escapes. */
const BAIL = new Error('cbor: not plain')

const EMPTY = Buffer.alloc(0)
/** The bytes being read, and the same memory as a Buffer (for its native UTF-8 decoding). */
let src: Uint8Array = EMPTY
let srcBuffer: Buffer = EMPTY
let position = 0
let end = 0
/** Longer arrays and maps are left to cbor-x, which enforces its own limits (16.7M keys, 112M elements). */
const MAX_LENGTH = 16_000_000
/** Elements still allowed (each needs at least one byte): no header can make us allocate more than the input holds. */
let budget = 0

/** The strings of recent map keys, by a hash of their length and first bytes. */
interface KeyEntry {
  readonly bytes: Uint8Array
  readonly text: string
}
const keyCache: (KeyEntry | undefined)[] = new Array<KeyEntry | undefined>(4096)

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
/** Floats are copied here, in the machine's byte order, to be read (no DataView per call). */
const scratch = new Uint8Array(8)
const float32 = new Float32Array(scratch.buffer, 0, 1)
const float64 = new Float64Array(scratch.buffer)
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1
/**
 * Node's UTF-8 decoding of a Buffer range, without `toString`'s argument checks (a tenth of the decode time on
 * records): `utf8Slice` has been on Buffer's prototype since Node 0.x; `toString` is the fallback.
 */
const utf8Slice: (buffer: Buffer, start: number, end: number) => string =
  typeof (Buffer.prototype as { utf8Slice?: unknown }).utf8Slice === 'function'
    ? (buffer, start, end) =>
        (buffer as unknown as { utf8Slice(start: number, end: number): string }).utf8Slice(start, end)
    : (buffer, start, end) => buffer.toString('utf8', start, end)
const { fromCharCode } = String

/**
 * Decodes `bytes` if they hold plain CBOR (see the module comment), with cbor-x's result for them
 * (options `mapsAsObjects`, `copyBuffers`, no records); else {@link UNSUPPORTED}.
 */
export function decodePlainCbor(bytes: Uint8Array): unknown {
  src = bytes
  srcBuffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  position = 0
  end = bytes.length
  budget = end
  try {
    const value = read()
    return position === end ? value : UNSUPPORTED
  } catch (error) {
    // our own exit, a DataView read past the end, or a stack overflow on deep nesting: cbor-x decides
    if (error === BAIL || error instanceof RangeError) return UNSUPPORTED
    throw error
  } finally {
    src = srcBuffer = EMPTY // do not keep the caller's bytes alive
  }
}

/** The argument of the head at `position` (after its first byte `info`), or a bail for 64-bit and indefinite. */
function argument(info: number): number {
  if (info < 24) return info
  let value: number
  switch (info) {
    case 24:
      value = src[position]!
      position += 1
      break
    case 25:
      value = (src[position]! << 8) | src[position + 1]!
      position += 2
      break
    case 26:
      value = src[position]! * 0x1000000 + ((src[position + 1]! << 16) | (src[position + 2]! << 8) | src[position + 3]!)
      position += 4
      break
    default:
      throw BAIL // 27 (cbor-x reads a 64-bit integer as a bigint), 28-30 reserved, 31 indefinite
  }
  if (position > end) throw BAIL
  return value
}

function read(): unknown {
  if (position >= end) throw BAIL
  const head = src[position++]!
  const info = head & 0x1f
  switch (head >> 5) {
    case 0:
      return argument(info)
    case 1:
      return -1 - argument(info)
    case 2: {
      const length = argument(info)
      if (length > end - position) throw BAIL
      // a copy, of the input's class (Buffer or Uint8Array), as cbor-x's `copyBuffers` gives
      return Uint8Array.prototype.slice.call(src, position, (position += length))
    }
    case 3:
      return text(argument(info))
    case 4: {
      const length = argument(info)
      if (length > MAX_LENGTH || length > end - position || (budget -= length) < 0) throw BAIL
      const array = new Array<unknown>(length)
      for (let i = 0; i < length; i++) array[i] = read()
      return array
    }
    case 5: {
      const length = argument(info)
      if (length > MAX_LENGTH || length > (end - position) / 2 || (budget -= length) < 0) throw BAIL
      const object: Record<string, unknown> = {}
      for (let i = 0; i < length; i++) object[key()] = read()
      return object
    }
    case 7:
      return simple(info)
    default:
      throw BAIL // 6: a tag
  }
}

function simple(info: number): unknown {
  switch (info) {
    case 20:
      return false
    case 21:
      return true
    case 22:
      return null
    case 23:
      return undefined
    case 25:
      return float16()
    case 26:
      load(4)
      return float32[0]
    case 27:
      load(8)
      return float64[0]
    default:
      throw BAIL
  }
}

/** Copies the next `size` bytes (a big-endian float) into {@link scratch}, in the machine's order. */
function load(size: number): void {
  if (size > end - position) throw BAIL
  if (littleEndian) for (let i = size - 1; i >= 0; i--) scratch[i] = src[position++]!
  else for (let i = 0; i < size; i++) scratch[i] = src[position++]!
}

/** IEEE half precision, as cbor-x reads it. */
function float16(): number {
  if (2 > end - position) throw BAIL
  const high = src[position]!
  const low = src[position + 1]!
  position += 2
  const exponent = (high & 0x7c) >> 2
  const fraction = ((high & 3) << 8) | low
  const magnitude =
    exponent === 0
      ? fraction / 2 ** 24
      : exponent === 0x1f
        ? fraction
          ? NaN
          : Infinity
        : (1 + fraction / 1024) * 2 ** (exponent - 15)
  return high & 0x80 ? -magnitude : magnitude
}

/** A map key: text, found again in the cache when seen before if shorter than 24 bytes (cbor-x renames `__proto__`). */
function key(): string {
  const head = src[position]
  if (head === undefined || head >> 5 !== 3) throw BAIL // not text (cbor-x would make a string of it)
  if (head > 0x77) {
    position++
    const long = text(argument(head & 0x1f)) // 24 bytes or more: not cached
    return long === '__proto__' ? '__proto_' : long
  }
  const length = head - 0x60
  const start = position + 1
  if (length > end - start) throw BAIL
  const slot = ((length << 5) ^ (length > 1 ? (src[start]! << 8) | src[start + 1]! : length ? src[start]! : 0)) & 0xfff
  const entry = keyCache[slot]
  if (entry !== undefined && entry.bytes.length === length) {
    let i = 0
    while (i < length && entry.bytes[i] === src[start + i]) i++
    if (i === length) {
      position = start + length
      return entry.text
    }
  }
  position = start
  const value = text(length)
  const name = value === '__proto__' ? '__proto_' : value
  keyCache[slot] = { bytes: src.slice(start, start + length), text: name }
  return name
}

/** `length` bytes of well-formed UTF-8 at `position`. */
function text(length: number): string {
  const start = position
  if (length > end - start) throw BAIL
  position += length
  if (length < 16) {
    const short = length <= RECENT_VALUE_BYTES ? recentAscii(start, length) : ascii(src, start, length)
    if (short !== undefined) return short
  }
  const decoded = utf8Slice(srcBuffer, start, position)
  // U+FFFD marks bytes that are not well-formed UTF-8, unless the text holds it: only then look closer
  if (decoded.indexOf('\uFFFD') === -1) return decoded
  try {
    return utf8.decode(src.subarray(start, position))
  } catch {
    throw BAIL // not well-formed (a lone surrogate cbor-x wrote, or damage): cbor-x decides
  }
}

/** Text values up to this many bytes are looked up in {@link recentValues} (V8's `JSON.parse` reuses as short). */
const RECENT_VALUE_BYTES = 10
/**
 * Recent short ASCII text values, by a hash of their length and first, middle and last bytes. Values of many
 * records repeat many of their short strings (tags, states, codes): one found here is returned again instead of a
 * new string, which leaves less garbage (1 MB of records, 64 values held: 13% fewer scavenges). A miss costs the
 * comparison and the slot's store.
 */
const recentValues: (string | undefined)[] = new Array<string | undefined>(4096)

/** The short ASCII string of `length` bytes at `start`, found again or new; `undefined` if a byte is not ASCII. */
function recentAscii(start: number, length: number): string | undefined {
  const slot =
    length === 0
      ? 0
      : ((length << 8) ^ (src[start]! << 4) ^ (src[start + (length >> 1)]! << 2) ^ src[start + length - 1]!) & 0xfff
  const cached = recentValues[slot]
  if (cached !== undefined && cached.length === length) {
    let i = 0
    // a cached string is ASCII, so equal character codes mean equal bytes
    while (i < length && cached.charCodeAt(i) === src[start + i]) i++
    if (i === length) return cached
  }
  const fresh = ascii(src, start, length)
  if (fresh !== undefined) recentValues[slot] = fresh
  return fresh
}

/** A short (< 16 bytes) ASCII string at `at` built without a native call, or `undefined` if a byte is not ASCII. */
function ascii(s: Uint8Array, at: number, length: number): string | undefined {
  let bits = 0
  for (let i = at; i < at + length; i++) bits |= s[i]!
  if (bits > 0x7f) return undefined
  switch (length) {
    case 0:
      return ''
    case 1:
      return fromCharCode(s[at]!)
    case 2:
      return fromCharCode(s[at]!, s[at + 1]!)
    case 3:
      return fromCharCode(s[at]!, s[at + 1]!, s[at + 2]!)
    case 4:
      return fromCharCode(s[at]!, s[at + 1]!, s[at + 2]!, s[at + 3]!)
    case 5:
      return fromCharCode(s[at]!, s[at + 1]!, s[at + 2]!, s[at + 3]!, s[at + 4]!)
    case 6:
      return fromCharCode(s[at]!, s[at + 1]!, s[at + 2]!, s[at + 3]!, s[at + 4]!, s[at + 5]!)
    case 7:
      return fromCharCode(s[at]!, s[at + 1]!, s[at + 2]!, s[at + 3]!, s[at + 4]!, s[at + 5]!, s[at + 6]!)
    case 8:
      return fromCharCode(s[at]!, s[at + 1]!, s[at + 2]!, s[at + 3]!, s[at + 4]!, s[at + 5]!, s[at + 6]!, s[at + 7]!)
    case 9:
      return fromCharCode(
        s[at]!,
        s[at + 1]!,
        s[at + 2]!,
        s[at + 3]!,
        s[at + 4]!,
        s[at + 5]!,
        s[at + 6]!,
        s[at + 7]!,
        s[at + 8]!,
      )
    case 10:
      return fromCharCode(
        s[at]!,
        s[at + 1]!,
        s[at + 2]!,
        s[at + 3]!,
        s[at + 4]!,
        s[at + 5]!,
        s[at + 6]!,
        s[at + 7]!,
        s[at + 8]!,
        s[at + 9]!,
      )
    case 11:
      return fromCharCode(
        s[at]!,
        s[at + 1]!,
        s[at + 2]!,
        s[at + 3]!,
        s[at + 4]!,
        s[at + 5]!,
        s[at + 6]!,
        s[at + 7]!,
        s[at + 8]!,
        s[at + 9]!,
        s[at + 10]!,
      )
    case 12:
      return fromCharCode(
        s[at]!,
        s[at + 1]!,
        s[at + 2]!,
        s[at + 3]!,
        s[at + 4]!,
        s[at + 5]!,
        s[at + 6]!,
        s[at + 7]!,
        s[at + 8]!,
        s[at + 9]!,
        s[at + 10]!,
        s[at + 11]!,
      )
    case 13:
      return fromCharCode(
        s[at]!,
        s[at + 1]!,
        s[at + 2]!,
        s[at + 3]!,
        s[at + 4]!,
        s[at + 5]!,
        s[at + 6]!,
        s[at + 7]!,
        s[at + 8]!,
        s[at + 9]!,
        s[at + 10]!,
        s[at + 11]!,
        s[at + 12]!,
      )
    case 14:
      return fromCharCode(
        s[at]!,
        s[at + 1]!,
        s[at + 2]!,
        s[at + 3]!,
        s[at + 4]!,
        s[at + 5]!,
        s[at + 6]!,
        s[at + 7]!,
        s[at + 8]!,
        s[at + 9]!,
        s[at + 10]!,
        s[at + 11]!,
        s[at + 12]!,
        s[at + 13]!,
      )
    case 15:
      return fromCharCode(
        s[at]!,
        s[at + 1]!,
        s[at + 2]!,
        s[at + 3]!,
        s[at + 4]!,
        s[at + 5]!,
        s[at + 6]!,
        s[at + 7]!,
        s[at + 8]!,
        s[at + 9]!,
        s[at + 10]!,
        s[at + 11]!,
        s[at + 12]!,
        s[at + 13]!,
        s[at + 14]!,
      )
    default:
      return undefined
  }
}
