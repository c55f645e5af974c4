import { ConfigError, DeserializationError } from '@cachex-js/core'

/** Default `minLength` of every built-in compressor: shorter payloads are stored uncompressed. */
export const DEFAULT_MIN_LENGTH = 256

/** Options shared by the fflate compressors (`gzip`, `deflate`, `zlib`). */
export interface FflateCompressorOptions {
  /** Compression level, 0 (store) to 9 (smallest, slowest). Default 6, zlib's default. */
  level?: number
  /** Memory level, 0 to 12 (fflate's `mem`); higher is faster on large inputs. Default: fflate's choice. */
  mem?: number
  /** Payloads shorter than this many bytes are stored uncompressed. Default 256. */
  minLength?: number
}

/** Checks that `value`, when given, is an integer in `[min, max]`; throws `E_CONFIG` naming the option. */
export function integerOption(
  codec: string,
  name: string,
  value: number | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${codec}: ${name} must be an integer from ${min} to ${max}, got ${String(value)}`, {
      context: { field: name, codec },
    })
  }
  return value
}

/** Validates `minLength` (a non-negative integer, or `Infinity` to never compress). */
export function minLengthOption(codec: string, value: number | undefined): number {
  if (value === undefined) return DEFAULT_MIN_LENGTH
  if (value === Infinity) return value
  return integerOption(codec, 'minLength', value, 0, Number.MAX_SAFE_INTEGER)!
}

/** Wraps a decompression failure as `E_DESERIALIZATION` naming the codec. */
export function decompressionError(codec: string, cause: unknown): DeserializationError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new DeserializationError(`${codec}: cannot decompress: ${reason}`, { cause, context: { codec } })
}
