import { gzipSync } from 'fflate'
import type { Compressor } from '@cachex-js/core'
import { inflateBounded } from './bounded-inflate.js'
import { crc32 } from './checksums.js'
import {
  decompressionError,
  integerOption,
  minLengthOption,
  type FflateCompressorOptions,
} from './compressor-options.js'

const FHCRC = 0x02
const FEXTRA = 0x04
const FNAME = 0x08
const FCOMMENT = 0x10

function readUint32LE(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
}

/** Where the DEFLATE body of a one-member gzip stream starts (RFC 1952 header, optional fields skipped). */
function bodyStart(bytes: Uint8Array): number {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) {
    throw new Error('not a gzip stream')
  }
  const flags = bytes[3]!
  if (flags & 0xe0) throw new Error('reserved gzip flags set')
  let at = 10
  if (flags & FEXTRA) at += 2 + (bytes[at]! | (bytes[at + 1]! << 8))
  const skipString = () => {
    while (at < bytes.length && bytes[at] !== 0) at++
    at++
  }
  if (flags & FNAME) skipString()
  if (flags & FCOMMENT) skipString()
  if (flags & FHCRC) at += 2
  if (at > bytes.length - 8) throw new Error('truncated gzip header')
  return at
}

function gunzip(bytes: Uint8Array, maxSize: number): Uint8Array {
  const out = inflateBounded(bytes.subarray(bodyStart(bytes), bytes.length - 8), maxSize)
  if (crc32(out) !== readUint32LE(bytes, bytes.length - 8)) throw new Error('CRC-32 checksum mismatch')
  if (out.length >>> 0 !== readUint32LE(bytes, bytes.length - 4)) throw new Error('gzip length mismatch')
  return out
}

/**
 * gzip (RFC 1952, fflate): DEFLATE with a 10-byte header and a CRC-32 + length trailer that are verified
 * on every read. One member, no file name, mtime 0 (the same value always compresses to the same bytes).
 *
 * @example
 * ```ts
 * const compressor = gzip({ level: 9, minLength: 512 })
 * ```
 */
export function gzip(options: FflateCompressorOptions = {}): Compressor {
  const level = integerOption('gzip', 'level', options.level, 0, 9) ?? 6
  const mem = integerOption('gzip', 'mem', options.mem, 0, 12)
  const gzipOptions = { level: level as 6, mtime: 0, ...(mem === undefined ? {} : { mem: mem as 8 }) }
  return {
    id: 'gzip',
    minLength: minLengthOption('gzip', options.minLength),
    compress: (bytes) => gzipSync(bytes, gzipOptions),
    decompress(bytes, maxSize) {
      try {
        return gunzip(bytes, maxSize)
      } catch (cause) {
        throw decompressionError('gzip', cause)
      }
    },
  }
}

/** The default `gzip` compressor (level 6, minLength 256). */
export const gzipCompressor: Compressor = gzip()
