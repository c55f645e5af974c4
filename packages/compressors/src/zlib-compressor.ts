import { zlibSync } from 'fflate'
import type { Compressor } from '@cachex-js/core'
import { inflateBounded } from './bounded-inflate.js'
import { adler32 } from './checksums.js'
import {
  decompressionError,
  integerOption,
  minLengthOption,
  type FflateCompressorOptions,
} from './compressor-options.js'

function unzlib(bytes: Uint8Array, maxSize: number): Uint8Array {
  if (bytes.length < 6) throw new Error('too short for a zlib stream')
  const cmf = bytes[0]!
  const flg = bytes[1]!
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) throw new Error('not a zlib header')
  if (flg & 0x20) throw new Error('zlib preset dictionaries are not supported')
  const out = inflateBounded(bytes.subarray(2, bytes.length - 4), maxSize)
  const at = bytes.length - 4
  const expected = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0
  if (adler32(out) !== expected) throw new Error('Adler-32 checksum mismatch')
  return out
}

/**
 * zlib (RFC 1950, fflate): DEFLATE with a 2-byte header and an Adler-32 checksum that is verified on
 * every read, the format of Python's `zlib.compress` (django-redis's `ZlibCompressor`).
 *
 * @example
 * ```ts
 * const compressor = zlib({ level: 1 })
 * ```
 */
export function zlib(options: FflateCompressorOptions = {}): Compressor {
  const level = integerOption('zlib', 'level', options.level, 0, 9) ?? 6
  const mem = integerOption('zlib', 'mem', options.mem, 0, 12)
  const zlibOptions = { level: level as 6, ...(mem === undefined ? {} : { mem: mem as 8 }) }
  return {
    id: 'zlib',
    minLength: minLengthOption('zlib', options.minLength),
    compress: (bytes) => zlibSync(bytes, zlibOptions),
    decompress(bytes, maxSize) {
      try {
        return unzlib(bytes, maxSize)
      } catch (cause) {
        throw decompressionError('zlib', cause)
      }
    },
  }
}

/** The default `zlib` compressor (level 6, minLength 256). */
export const zlibCompressor: Compressor = zlib()
