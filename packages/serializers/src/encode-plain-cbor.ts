/**
 * A fast path for writing the CBOR most cached values are made of: JSON-like data (plain objects, arrays, text,
 * numbers, booleans, `null`, `undefined`) without a cycle. It writes exactly the bytes cbor-x's plain encoder
 * writes for those values (options `useRecords: false`, `mapsAsObjects`; no packing), or gives
 * {@link UNSUPPORTED} for anything else (a `Date`, `Map`, typed array, class instance, `bigint`, a cycle...),
 * and the caller then encodes with cbor-x.
 *
 * Why: cbor-x can only write a value plainly after the value was walked once to look for a cycle (a cycle written
 * plainly repeats until the stack runs out: see `find-cycle.ts`), and it lists each object's keys with `for...in`
 * and a `hasOwnProperty` call per key. Here the cycle check is made while writing (each object is compared with
 * those on its path, as `findCycle` does), and keys come from `Object.keys`: one pass instead of two.
 *
 * Like cbor-x, values are written into a shared slab and returned as views of it that are never written again:
 * a new slab is taken when the current one is full.
 */

import { UNSUPPORTED } from './unsupported.js'
import { WritePath } from './write-path.js'

/** Thrown inside the encoder to leave: caught at the top, never escapes. */
const BAIL = new Error('cbor: not plain')

const SLAB_SIZE = 64 * 1024
/** Room always left at the end of the slab for one header or number (the longest: 9 bytes). */
const MARGIN = 16

let target = Buffer.allocUnsafeSlow(SLAB_SIZE)
let view = new DataView(target.buffer, target.byteOffset, target.byteLength)
/** Where the value being written starts, and where the next byte goes. */
let start = 0
let position = 0
let safeEnd = target.length - MARGIN
/** The objects from the top of the value to the one being written (the cycle check). */
const path = new WritePath()
/** A value is being written (its getters may serialize another: that one is left to cbor-x). */
let busy = false

// eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity, never called
const objectHasOwn = Object.prototype.hasOwnProperty
/** Node's UTF-8 write into a Buffer range, as cbor-x uses it for text of 64 UTF-16 units or more. */
const utf8Write = (Buffer.prototype as unknown as { utf8Write?: unknown }).utf8Write as
  ((this: Buffer, text: string, offset: number, length: number) => number) | undefined

/**
 * Encodes `value` if it is plain (see the module comment), with cbor-x's bytes for it; else
 * {@link UNSUPPORTED}. Never throws: a value whose reading throws (a getter) is {@link UNSUPPORTED} too, and cbor-x
 * then gives the error it gives.
 */
export function encodePlainCbor(value: unknown): Uint8Array | typeof UNSUPPORTED {
  // a getter that serializes while a value is being written: the inner value goes to cbor-x, this one's state stays
  if (utf8Write === undefined || busy) return UNSUPPORTED
  busy = true
  start = position
  if (position > target.length - SLAB_SIZE / 4) newSlab(0) // little room left: start the value in a new slab
  try {
    write(value, 0)
    const bytes = target.subarray(start, position)
    start = position
    return bytes
  } catch {
    position = start
    return UNSUPPORTED
  } finally {
    path.clear()
    busy = false
  }
}

/**
 * Moves the value written so far (from `start`) to the start of a new slab with room for `needed` more bytes: four
 * times what the value needs so far (a large value moves a few times, and the next ones of its size fit after it).
 */
function newSlab(needed: number): void {
  const written = position - start
  const size = Math.max(SLAB_SIZE, (written + needed + MARGIN) * 4)
  const next = Buffer.allocUnsafeSlow(size)
  if (written > 0) target.copy(next, 0, start, position)
  target = next
  view = new DataView(next.buffer, next.byteOffset, next.byteLength)
  safeEnd = next.length - MARGIN
  start = 0
  position = written
}

function write(value: unknown, depth: number): void {
  if (position > safeEnd) newSlab(MARGIN)
  switch (typeof value) {
    case 'string':
      writeString(value)
      return
    case 'number':
      writeNumber(value)
      return
    case 'boolean':
      target[position++] = value ? 0xf5 : 0xf4
      return
    case 'undefined':
      target[position++] = 0xf7
      return
    case 'object':
      if (value === null) target[position++] = 0xf6
      else writeObject(value, depth)
      return
    default:
      throw BAIL // bigint, symbol, function: cbor-x's own handling (a tag, or its error)
  }
}

function writeObject(value: object, depth: number): void {
  if (!path.enter(value, depth)) throw BAIL // a cycle: cbor-x writes it with references
  const constructor: unknown = value.constructor
  if (constructor === Array) {
    const items = value as unknown[]
    const length = items.length
    writeHeader(0x80, length)
    for (let i = 0; i < length; i++) write(items[i], depth + 1)
  } else if (constructor === Object) {
    // cbor-x lists `for...in` keys that `object.hasOwnProperty(key)` accepts: with Object.prototype's own method,
    // exactly `Object.keys`; with any other, leave the object to cbor-x
    const object = value as Record<string, unknown>
    if (object.hasOwnProperty !== objectHasOwn) throw BAIL
    const keys = Object.keys(object)
    const size = keys.length
    if (size > 0xffff) throw BAIL // cbor-x writes every map with a 16-bit size
    target[position++] = 0xb9
    target[position++] = size >> 8
    target[position++] = size & 0xff
    for (let i = 0; i < size; i++) {
      const key = keys[i]!
      writeString(key)
      write(object[key], depth + 1)
    }
  } else {
    throw BAIL // Date, Map, Set, typed arrays, class instances, objects without a prototype...
  }
}

/** A major type (`0x80` array) with a length, in the fewest bytes. */
function writeHeader(major: number, length: number): void {
  if (length < 0x18) {
    target[position++] = major | length
  } else if (length < 0x100) {
    target[position++] = major | 0x18
    target[position++] = length
  } else if (length < 0x10000) {
    target[position++] = major | 0x19
    target[position++] = length >> 8
    target[position++] = length & 0xff
  } else {
    target[position++] = major | 0x1a
    view.setUint32(position, length)
    position += 4
  }
}

/** cbor-x's number encoding: integers of 32 bits or less as integers, every other number as a 64-bit float. */
function writeNumber(value: number): void {
  if (value >>> 0 === value) {
    writeHeader(0x00, value)
  } else if (value >> 0 === value) {
    // -1 - value fits in 31 bits
    writeHeader(0x20, ~value)
  } else if (value < 0 && value >= -0x100000000 && Math.floor(value) === value) {
    target[position++] = 0x3a
    view.setUint32(position, -1 - value)
    position += 4
  } else {
    target[position++] = 0xfb
    view.setFloat64(position, value)
    position += 8
  }
}

/**
 * Text as cbor-x writes it: under 64 UTF-16 units, UTF-8 by hand (a lone surrogate as its 3-byte form); from 64,
 * Node's `utf8Write` (a lone surrogate as U+FFFD). The header is the shortest for the byte length.
 */
function writeString(value: string): void {
  const units = value.length
  const maxBytes = units * 3
  if (position + maxBytes + MARGIN > safeEnd) newSlab(maxBytes + MARGIN)
  const headerSize = units < 0x20 ? 1 : units < 0x100 ? 2 : units < 0x10000 ? 3 : 5
  let length: number
  if (units < 0x40) {
    let at = position + headerSize
    for (let i = 0; i < units; i++) {
      let c1 = value.charCodeAt(i)
      let c2: number
      if (c1 < 0x80) {
        target[at++] = c1
      } else if (c1 < 0x800) {
        target[at++] = (c1 >> 6) | 0xc0
        target[at++] = (c1 & 0x3f) | 0x80
      } else if ((c1 & 0xfc00) === 0xd800 && ((c2 = value.charCodeAt(i + 1)) & 0xfc00) === 0xdc00) {
        c1 = 0x10000 + ((c1 & 0x03ff) << 10) + (c2 & 0x03ff)
        i++
        target[at++] = (c1 >> 18) | 0xf0
        target[at++] = ((c1 >> 12) & 0x3f) | 0x80
        target[at++] = ((c1 >> 6) & 0x3f) | 0x80
        target[at++] = (c1 & 0x3f) | 0x80
      } else {
        target[at++] = (c1 >> 12) | 0xe0
        target[at++] = ((c1 >> 6) & 0x3f) | 0x80
        target[at++] = (c1 & 0x3f) | 0x80
      }
    }
    length = at - position - headerSize
  } else {
    length = utf8Write!.call(target, value, position + headerSize, maxBytes)
  }
  // the header goes before the text: move the text when its byte length needs a longer header than guessed
  const needed = length < 0x18 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5
  if (needed > headerSize) {
    target.copyWithin(position + needed, position + headerSize, position + headerSize + length)
  }
  writeHeader(0x60, length)
  position += length
}
