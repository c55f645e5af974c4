/**
 * Test support: hand-made stored bytes — cachex frames naming any codec, and decompression bombs of 1 GB of
 * zeros for every built-in compressor, built without ever holding the inflated bytes (DEFLATE fragments
 * ending in a full flush are byte-aligned and independent, so one 1 MB fragment repeated n times is a valid
 * stream; brotli is compressed as a stream).
 */
import { constants, createBrotliCompress, deflateRawSync } from 'node:zlib'

const MB = 1024 * 1024

/** A cachex frame (marker 0x00, layout 0x01, serializer id, compressor id) around `payload`. */
export function frame(serializerId: string, compressorId: string, payload: Uint8Array): Buffer {
  const s = Buffer.from(serializerId, 'latin1')
  const c = Buffer.from(compressorId, 'latin1')
  return Buffer.concat([Buffer.from([0x00, 0x01, s.length]), s, Buffer.from([c.length]), c, payload])
}

let fragment: Buffer | undefined

/** A raw DEFLATE stream of `megabytes` MB of zeros (~1 KB per MB). */
export function rawBomb(megabytes: number): Buffer {
  fragment ??= deflateRawSync(Buffer.alloc(MB), { level: 9, finishFlush: constants.Z_FULL_FLUSH })
  const out = Buffer.alloc(fragment.length * megabytes + 2)
  for (let i = 0; i < megabytes; i++) fragment.copy(out, i * fragment.length)
  out.set([0x03, 0x00], fragment.length * megabytes) // an empty final block
  return out
}

/** The same zeros as a zlib stream (RFC 1950) with its Adler-32. */
export function zlibBomb(megabytes: number): Buffer {
  const adler = (((megabytes * MB) % 65521) * 65536 + 1) >>> 0 // a = 1, b = n mod 65521
  const trailer = Buffer.alloc(4)
  trailer.writeUInt32BE(adler)
  return Buffer.concat([Buffer.from([0x78, 0xda]), rawBomb(megabytes), trailer])
}

/** The same zeros as a one-member gzip stream (the trailer is never reached: it is left zero). */
export function gzipBomb(megabytes: number): Buffer {
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]), rawBomb(megabytes), Buffer.alloc(8)])
}

/** `megabytes` MB of zeros as a brotli stream (quality 1), compressed 1 MB at a time. */
export async function brotliBomb(megabytes: number): Promise<Buffer> {
  const stream = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise((resolve, reject) => {
    stream.on('end', resolve)
    stream.on('error', reject)
  })
  const zeros = Buffer.alloc(MB)
  for (let i = 0; i < megabytes; i++) {
    if (!stream.write(zeros)) await new Promise((resolve) => stream.once('drain', resolve))
  }
  stream.end()
  await ended
  return Buffer.concat(chunks)
}
