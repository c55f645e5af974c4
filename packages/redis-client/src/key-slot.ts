/**
 * Redis Cluster key hashing: CRC16 (XMODEM) of the key, or of its hash tag (the content of the first
 * non-empty `{...}`), modulo 16384. The same function the cluster and ioredis use, so cachex can group
 * keys by slot (and by node) before it sends anything.
 */

/** The number of hash slots of a Redis Cluster. */
export const CLUSTER_SLOTS = 16384

const TABLE = new Uint16Array(256)
for (let byte = 0; byte < 256; byte++) {
  let crc = byte << 8
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  TABLE[byte] = crc
}

function crc16(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!
  return crc
}

/** The part of `bytes` Redis hashes: the first non-empty `{...}`, else everything. */
function hashedRange(bytes: Uint8Array): [number, number] {
  const open = bytes.indexOf(0x7b) // '{'
  if (open === -1) return [0, bytes.length]
  const close = bytes.indexOf(0x7d, open + 1) // '}'
  if (close === -1 || close === open + 1) return [0, bytes.length]
  return [open + 1, close]
}

/** The cluster hash slot (0-16383) of a key (a string is hashed as UTF-8, like Redis and ioredis). */
export function keySlot(key: string | Uint8Array): number {
  let bytes: Uint8Array
  if (typeof key !== 'string') bytes = key
  else if (isAscii(key)) return asciiSlot(key)
  else bytes = Buffer.from(key, 'utf8')
  const [start, end] = hashedRange(bytes)
  return crc16(bytes, start, end) % CLUSTER_SLOTS
}

function isAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0x7f) return false
  return true
}

/** {@link keySlot} for an ASCII string, without allocating a buffer (the common case for cache keys). */
function asciiSlot(key: string): number {
  let start = 0
  let end = key.length
  const open = key.indexOf('{')
  if (open !== -1) {
    const close = key.indexOf('}', open + 1)
    if (close > open + 1) {
      start = open + 1
      end = close
    }
  }
  let crc = 0
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ key.charCodeAt(i)) & 0xff]!
  return crc % CLUSTER_SLOTS
}
