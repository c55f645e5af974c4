import { Inflate, inflateSync } from 'fflate'

/** The largest expansion a DEFLATE stream allows: a 258-byte match coded in 2 bits. */
const MAX_DEFLATE_RATIO = 1032
/** Input bytes pushed at once in streaming mode: at most ~16.5 MB of output per step. */
const MAX_SLICE = 16 * 1024
/** At least this many input bytes per step (each step copies fflate's 32 KB window): ~1 MB of overshoot at most. */
const MIN_SLICE = 1024

/** Thrown when inflating would produce more than the allowed bytes. */
export class TooLargeError extends Error {
  constructor(
    readonly maxSize: number,
    cause?: unknown,
  ) {
    super(`inflates to more than maxDecompressedSize (${maxSize} bytes)`, cause === undefined ? undefined : { cause })
    this.name = 'TooLargeError'
  }
}

/**
 * Inflates a raw DEFLATE stream, never holding much more than `maxSize` output bytes: when the input is
 * too short to reach `maxSize` even at DEFLATE's maximum ratio it is inflated in one call; otherwise it is
 * fed to a streaming inflater in slices of the remaining budget divided by that ratio (1 KB to 16 KB), so a
 * decompression bomb is stopped just past `maxSize` (by at most ~1 MB) without inflating the rest.
 * Throws on truncated or corrupt input and {@link TooLargeError} beyond `maxSize`.
 */
export function inflateBounded(body: Uint8Array, maxSize: number): Uint8Array {
  if (!(maxSize >= 0)) throw new RangeError(`maxSize must be a number >= 0, got ${String(maxSize)}`)
  if (body.length === 0) throw new Error('empty DEFLATE stream')
  if (body.length * MAX_DEFLATE_RATIO <= maxSize) {
    const out = inflateSync(body)
    if (out.length > maxSize) throw new TooLargeError(maxSize)
    return out
  }
  const chunks: Uint8Array[] = []
  let total = 0
  const inflater = new Inflate((chunk) => {
    total += chunk.length
    if (total > maxSize) throw new TooLargeError(maxSize)
    if (chunk.length > 0) chunks.push(chunk)
  })
  let offset = 0
  while (offset < body.length) {
    const budget = Math.floor((maxSize - total) / MAX_DEFLATE_RATIO)
    const end = Math.min(body.length, offset + Math.min(MAX_SLICE, Math.max(MIN_SLICE, budget)))
    inflater.push(body.subarray(offset, end), end === body.length)
    offset = end
  }
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}
