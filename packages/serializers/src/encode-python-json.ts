/**
 * A one-pass writer of the bytes Python's `json.dumps` writes, for the values most cached data is made of: plain
 * objects, arrays, text, finite numbers, booleans and `null`, without a cycle. For anything else (a class
 * instance, a `Map`, `undefined` where JSON has no place for it, `NaN`, a symbol-keyed property, a hole, a cycle, a
 * getter that throws...) it gives {@link UNSUPPORTED} and writes nothing: the caller then takes the Python-style
 * writer (`writePythonJson`), which names the offender or writes what this writer leaves to it.
 *
 * Why: the json serializer used to walk the value once to check it, have `JSON.stringify` build a string, turn the
 * string into bytes and pass over the bytes again to add Python's separators: four passes over the value's size.
 * Here the check is made while writing, and the bytes are written with Python's separators and escapes straight
 * away.
 *
 * The bytes are written into a scratch buffer reused from one value to the next and copied out at their exact size.
 * The scratch buffer grows for a large value and is kept at up to {@link KEEP_BYTES}, so the next large value is
 * written without growing it again (growing it by doubling from 64 KiB costs a 1 MB value a quarter of its writing
 * time); it goes back to 64 KiB after {@link LET_GO_AFTER} smaller values in a row (written or left to the
 * Python-style writer). A value that needs more than {@link KEEP_BYTES} is written into a buffer of its own, returned
 * as a view of it when the value fills at least half of it and copied out otherwise (a long string reserves six
 * bytes per character for its escapes, so a buffer can be grown far past what the value takes).
 */

import { UNSUPPORTED } from './unsupported.js'
import { WritePath } from './write-path.js'
import { pythonNumberText } from './python-json.js'

/** Thrown inside the writer to leave: caught at the top, never escapes. */
const BAIL = new Error('json: not plain')

/** Options of {@link encodePythonJson} (the json serializer's, `toJSON` aside: that one takes the Python-style writer). */
export interface PythonJsonBytesOptions {
  ensureAscii: boolean
  compact: boolean
  omitUndefined: boolean
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const SPACE = 0x20
const DEL = 0x7f
const HEX = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]
/** The two-character escapes JSON.stringify and Python share, by code unit (`0` for none). */
const SHORT_ESCAPE = new Uint8Array(0x60)
SHORT_ESCAPE[0x08] = 0x62 // \b
SHORT_ESCAPE[0x09] = 0x74 // \t
SHORT_ESCAPE[0x0a] = 0x6e // \n
SHORT_ESCAPE[0x0c] = 0x66 // \f
SHORT_ESCAPE[0x0d] = 0x72 // \r
SHORT_ESCAPE[QUOTE] = QUOTE
SHORT_ESCAPE[BACKSLASH] = BACKSLASH

/** Room the scratch buffer keeps at its end for one separator, keyword or number (the longest: ~25 bytes). */
const MARGIN = 32
/** The scratch buffer's size at rest. */
const REST_BYTES = 64 * 1024
/** The largest scratch buffer kept from one value to the next: a buffer grown past it is the value's own. */
const KEEP_BYTES = 4 * 1024 * 1024
/** A scratch buffer grown past {@link REST_BYTES} goes back to it after this many values in a row that fit in it. */
const LET_GO_AFTER = 1000

let out = Buffer.allocUnsafeSlow(REST_BYTES)
/** Values in a row that fitted in {@link REST_BYTES} while {@link out} is larger. */
let smallInARow = 0
let position = 0
let safeEnd = out.length - MARGIN
/** The objects from the top of the value to the one being written (the cycle check). */
const path = new WritePath()
/** A value is being written (its getters may serialize another: that one takes the Python-style writer). */
let busy = false
let itemSeparatorSpace = true
let ascii = true
let omitUndefined = false

/**
 * Python's `json.dumps` bytes for `value` (see {@link PythonJsonBytesOptions}), or {@link UNSUPPORTED} for a value
 * this writer leaves to the Python-style writer. Never throws.
 */
export function encodePythonJson(value: unknown, options: PythonJsonBytesOptions): Uint8Array | typeof UNSUPPORTED {
  if (busy) return UNSUPPORTED
  busy = true
  itemSeparatorSpace = !options.compact
  ascii = options.ensureAscii
  omitUndefined = options.omitUndefined
  position = 0
  try {
    write(value, 0)
    if (out.length > KEEP_BYTES && position >= out.length / 2) {
      const bytes = out.subarray(0, position) // a buffer grown for this value alone, mostly filled: its own now
      out = Buffer.allocUnsafeSlow(REST_BYTES)
      return bytes
    }
    return Buffer.from(out.subarray(0, position))
  } catch {
    return UNSUPPORTED
  } finally {
    path.clear()
    settleScratch()
    busy = false
  }
}

/**
 * After a value, written or given up: lets a buffer grown past {@link KEEP_BYTES} go, and counts the values in a row
 * that fitted in {@link REST_BYTES} while a larger buffer is kept (the {@link LET_GO_AFTER}th lets it go).
 */
function settleScratch(): void {
  if (out.length > KEEP_BYTES) {
    out = Buffer.allocUnsafeSlow(REST_BYTES)
  } else if (out.length > REST_BYTES) {
    if (position > REST_BYTES) smallInARow = 0
    else if (++smallInARow >= LET_GO_AFTER) out = Buffer.allocUnsafeSlow(REST_BYTES)
  }
  if (out.length === REST_BYTES) smallInARow = 0
  safeEnd = out.length - MARGIN
}

/** The scratch buffer's size now (for tests of what is kept between values). */
export function scratchBytes(): number {
  return out.length
}

/**
 * Moves what was written to a buffer with room for `needed` more bytes: twice what the value then needs, or
 * {@link KEEP_BYTES} when that is enough and twice is more (so the buffer stays one that is kept).
 */
function grow(needed: number): void {
  const least = position + needed + MARGIN
  const next = Buffer.allocUnsafeSlow(least * 2 > KEEP_BYTES && least <= KEEP_BYTES ? KEEP_BYTES : least * 2)
  out.copy(next, 0, 0, position)
  out = next
  safeEnd = next.length - MARGIN
}

function write(value: unknown, depth: number): void {
  if (position > safeEnd) grow(MARGIN)
  switch (typeof value) {
    case 'string':
      writeString(value)
      return
    case 'number':
      writeNumber(value)
      return
    case 'boolean':
      if (value) writeAscii('true')
      else writeAscii('false')
      return
    case 'object':
      if (value === null) writeAscii('null')
      else if (Array.isArray(value)) writeArray(value, depth)
      else writeObject(value, depth)
      return
    default:
      throw BAIL // undefined, bigint, symbol, function: the Python-style writer names them
  }
}

function writeArray(items: unknown[], depth: number): void {
  if (!path.enter(items, depth)) throw BAIL // a cycle
  const length = items.length
  out[position++] = 0x5b // [
  for (let i = 0; i < length; i++) {
    const item = items[i]
    if (item === undefined) throw BAIL // undefined, or a hole
    if (i > 0) separator(COMMA)
    write(item, depth + 1)
  }
  if (position > safeEnd) grow(MARGIN)
  out[position++] = 0x5d // ]
}

function writeObject(object: object, depth: number): void {
  // a null prototype, a class instance, a Date, a Map...: the Python-style writer accepts the first and names the rest
  if (Object.getPrototypeOf(object) !== Object.prototype) throw BAIL
  if (!path.enter(object, depth)) throw BAIL // a cycle
  const record = object as Record<string, unknown>
  out[position++] = 0x7b // {
  let first = true
  for (const key in record) {
    if (!hasOwnProperty.call(record, key)) continue
    const child = record[key]
    if (child === undefined) {
      if (omitUndefined) continue
      throw BAIL
    }
    if (!first) separator(COMMA)
    first = false
    writeString(key)
    separator(COLON)
    write(child, depth + 1)
  }
  if (position > safeEnd) grow(MARGIN)
  out[position++] = 0x7d // }
  if (Object.getOwnPropertySymbols(object).length > 0) throw BAIL // the Python-style writer refuses the enumerable ones
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- called with the object it checks
const hasOwnProperty = Object.prototype.hasOwnProperty

/** `,` or `:`, with Python's space after it unless compact. */
function separator(mark: number): void {
  if (position > safeEnd) grow(MARGIN)
  out[position++] = mark
  if (itemSeparatorSpace) out[position++] = SPACE
}

/** ASCII text of at most {@link MARGIN} characters, as it is (room was made by the caller). */
function writeAscii(text: string): void {
  for (let i = 0; i < text.length; i++) out[position++] = text.charCodeAt(i)
}

function writeNumber(value: number): void {
  if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
    // a 32-bit integer (not -0): its digits, without a string
    if (value < 0) out[position++] = 0x2d // -
    writeUnsigned(value < 0 ? -value : value)
    return
  }
  if (!writeDecimal(value)) {
    const text = pythonNumberText(value)
    if (text === undefined) throw BAIL // NaN, ±Infinity
    writeAscii(text)
  }
}

/** The decimal digits of an integer from 0 to 2^31. */
function writeUnsigned(n: number): void {
  let digits = 1
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++
  let at = (position += digits)
  do {
    const next = Math.floor(n / 10)
    out[--at] = 0x30 + n - next * 10
    n = next
  } while (n > 0)
}

/** The powers of ten {@link writeDecimal} tries, for one to four decimal places. */
const SCALES = [10, 100, 1000, 10000]

/**
 * Writes a non-integer below 2^31 in size that is the double nearest a decimal of at most four places (a price, a
 * score, a percentage: most floats in cached data), without building its string; `false` for any other number.
 *
 * Such a number is `k / 10^p` with `k` an integer (JS division rounds to the nearest double, so `Math.round(value *
 * 10^p) / 10^p === value` proves it). Its shortest round-trip form, which both JS and Python print (in fixed
 * notation from 1e-4 up), is that decimal without trailing zeros: doubles below 2^31 lie at most 2^-22 apart, so no
 * other decimal of four places or fewer, and so none with fewer digits, reads back as the same double.
 */
function writeDecimal(value: number): boolean {
  const size = value < 0 ? -value : value
  if (!(size < 2147483648) || value === 0) return false // NaN, larger numbers, -0
  for (let places = 1; places <= 4; places++) {
    const scale = SCALES[places - 1]!
    const scaled = Math.round(size * scale)
    if (scaled / scale !== size) continue
    if (value < 0) out[position++] = 0x2d // -
    const whole = Math.floor(scaled / scale)
    writeUnsigned(whole)
    out[position++] = 0x2e // .
    // the fraction's digits, with its leading zeros; it has no trailing zero (or fewer places would have matched)
    let fraction = scaled - whole * scale
    let at = (position += places)
    for (let i = 0; i < places; i++) {
      const next = Math.floor(fraction / 10)
      out[--at] = 0x30 + fraction - next * 10
      fraction = next
    }
    return true
  }
  return false
}

/**
 * Text as JSON.stringify quotes it, then as Python writes it: `\"`, `\\`, the short escapes and `\u00XX` for the
 * other control characters; with `ensureAscii`, `\uXXXX` for DEL and every code unit from U+0080 (a character past
 * U+FFFF as its two surrogates); without it, UTF-8 (a lone surrogate escaped, as JSON.stringify does).
 */
function writeString(text: string): void {
  const units = text.length
  if (position + units * 6 + 2 > safeEnd) grow(units * 6 + 2)
  const target = out
  let at = position
  target[at++] = QUOTE
  for (let i = 0; i < units; i++) {
    const c = text.charCodeAt(i)
    if (c >= SPACE && c < DEL && c !== QUOTE && c !== BACKSLASH) {
      target[at++] = c
    } else if (c < 0x60 && SHORT_ESCAPE[c] !== 0) {
      target[at++] = BACKSLASH
      target[at++] = SHORT_ESCAPE[c]!
    } else if (c < SPACE || ascii) {
      at = writeEscape(target, at, c)
    } else if (c < 0x80) {
      target[at++] = c // DEL, raw
    } else if (c < 0x800) {
      target[at++] = (c >> 6) | 0xc0
      target[at++] = (c & 0x3f) | 0x80
    } else if ((c & 0xf800) !== 0xd800) {
      target[at++] = (c >> 12) | 0xe0
      target[at++] = ((c >> 6) & 0x3f) | 0x80
      target[at++] = (c & 0x3f) | 0x80
    } else {
      const low = text.charCodeAt(i + 1) // NaN past the end
      if (c < 0xdc00 && low >= 0xdc00 && low < 0xe000) {
        const point = 0x10000 + ((c & 0x3ff) << 10) + (low & 0x3ff)
        i++
        target[at++] = (point >> 18) | 0xf0
        target[at++] = ((point >> 12) & 0x3f) | 0x80
        target[at++] = ((point >> 6) & 0x3f) | 0x80
        target[at++] = (point & 0x3f) | 0x80
      } else {
        at = writeEscape(target, at, c) // a lone surrogate
      }
    }
  }
  target[at++] = QUOTE
  position = at
}

/** `\uXXXX` (lowercase hex, as both JSON.stringify and Python write it) at `at`; returns the next position. */
function writeEscape(target: Buffer, at: number, unit: number): number {
  target[at] = BACKSLASH
  target[at + 1] = 0x75 // u
  target[at + 2] = HEX[unit >> 12]!
  target[at + 3] = HEX[(unit >> 8) & 0xf]!
  target[at + 4] = HEX[(unit >> 4) & 0xf]!
  target[at + 5] = HEX[unit & 0xf]!
  return at + 6
}
