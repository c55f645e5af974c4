import { deflateSync } from 'fflate'
import type { Compressor } from '@cachex-js/core'
import { inflateBounded } from './bounded-inflate.js'
import {
  decompressionError,
  integerOption,
  minLengthOption,
  type FflateCompressorOptions,
} from './compressor-options.js'

/**
 * Raw DEFLATE (RFC 1951, fflate): the smallest framing, but no checksum, so some corruptions go
 * undetected by the compressor (the serializer usually still rejects them). Prefer {@link zlib} or
 * gzip when integrity matters.
 *
 * @example
 * ```ts
 * const compressor = deflate({ level: 9, minLength: 1024 })
 * ```
 */
export function deflate(options: FflateCompressorOptions = {}): Compressor {
  const level = integerOption('deflate', 'level', options.level, 0, 9) ?? 6
  const mem = integerOption('deflate', 'mem', options.mem, 0, 12)
  const deflateOptions = { level: level as 6, ...(mem === undefined ? {} : { mem: mem as 8 }) }
  return {
    id: 'deflate',
    minLength: minLengthOption('deflate', options.minLength),
    compress: (bytes) => deflateSync(bytes, deflateOptions),
    decompress(bytes, maxSize) {
      try {
        return inflateBounded(bytes, maxSize)
      } catch (cause) {
        throw decompressionError('deflate', cause)
      }
    },
  }
}

/** The default `deflate` compressor (level 6, minLength 256). */
export const deflateCompressor: Compressor = deflate()
