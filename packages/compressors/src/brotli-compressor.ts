import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import { constants as bufferConstants } from 'node:buffer'
import { ConfigError, type Compressor } from '@cachex-js/core'
import { TooLargeError } from './bounded-inflate.js'
import { decompressionError, integerOption, minLengthOption } from './compressor-options.js'

/** Options of the {@link brotli} compressor. */
export interface BrotliCompressorOptions {
  /**
   * Quality, 0 (fastest) to 11 (smallest, very slow). Default 4: most of brotli's gain over gzip at a
   * speed close to gzip's (node:zlib's own default, 11, is meant for static assets, not a cache).
   */
  quality?: number
  /** Base-2 log of the window size, 10 to 24. Default 22 (brotli's default). */
  windowBits?: number
  /** Tune for UTF-8 text (`'text'`) or leave generic (`'generic'`). Default `'generic'`. */
  mode?: 'generic' | 'text'
  /** Payloads shorter than this many bytes are stored uncompressed. Default 256. */
  minLength?: number
}

/**
 * Brotli (RFC 7932, node:zlib). Better ratios than gzip on text at similar speed with the default
 * quality 4. Reads are bounded with node:zlib's `maxOutputLength`, which stops inflating as soon as the
 * output passes `maxDecompressedSize`. The format has no checksum.
 *
 * @example
 * ```ts
 * const compressor = brotli({ quality: 6, mode: 'text' })
 * ```
 */
export function brotli(options: BrotliCompressorOptions = {}): Compressor {
  const quality = integerOption('brotli', 'quality', options.quality, 0, 11) ?? 4
  const windowBits = integerOption('brotli', 'windowBits', options.windowBits, 10, 24) ?? 22
  const mode = options.mode ?? 'generic'
  if (mode !== 'generic' && mode !== 'text') {
    throw new ConfigError(`brotli: mode must be 'generic' or 'text', got ${JSON.stringify(mode)}`, {
      context: { field: 'mode', codec: 'brotli' },
    })
  }
  const baseParams = {
    [constants.BROTLI_PARAM_QUALITY]: quality,
    [constants.BROTLI_PARAM_LGWIN]: windowBits,
    [constants.BROTLI_PARAM_MODE]: mode === 'text' ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
  }
  return {
    id: 'brotli',
    minLength: minLengthOption('brotli', options.minLength),
    compress: (bytes) =>
      asUint8Array(
        brotliCompressSync(bytes, { params: { ...baseParams, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
      ),
    decompress(bytes, maxSize) {
      try {
        if (!(maxSize >= 0)) throw new RangeError(`maxSize must be a number >= 0, got ${String(maxSize)}`)
        if (bytes.length === 0) throw new Error('empty brotli stream')
        const maxOutputLength = Math.max(1, Math.min(maxSize, bufferConstants.MAX_LENGTH))
        const out = brotliDecompressSync(bytes, { maxOutputLength })
        if (out.length > maxSize) throw new TooLargeError(maxSize)
        return asUint8Array(out)
      } catch (cause) {
        const tooLarge = (cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE'
        throw decompressionError('brotli', tooLarge ? new TooLargeError(maxSize, cause) : cause)
      }
    },
  }
}

/** The same bytes as a plain `Uint8Array` (node:zlib returns a `Buffer`), without copying. */
function asUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length)
}

/** The default `brotli` compressor (quality 4, window 22, minLength 256). */
export const brotliCompressor: Compressor = brotli()
