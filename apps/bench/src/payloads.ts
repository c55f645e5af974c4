/**
 * The values the scenarios store: JSON-like records (ids, names, e-mail addresses, tags, numbers,
 * dates) from a seeded generator, so every system and every run stores the same bytes' worth of data,
 * and compression finds the redundancy real records have, no more.
 */

/** The payload sizes the bench knows. */
export type PayloadName = '100B' | '10KB' | '1MB'

/** The approximate JSON size of each payload, in bytes. */
export const PAYLOAD_BYTES: Record<PayloadName, number> = { '100B': 100, '10KB': 10 * 1024, '1MB': 1024 * 1024 }

/** One generated record. */
export interface BenchRecord {
  id: number
  name: string
  email: string
  tags: string[]
  score: number
  active: boolean
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'su', 'den', 'pa', 'ri', 'zu', 'ne', 'ho', 'shi', 'qu', 'ba']
const TAGS = ['admin', 'beta', 'eu', 'us', 'trial', 'pro', 'mobile', 'web', 'legacy', 'vip', 'new', 'churn-risk']

/** mulberry32: a small seeded PRNG (the same sequence on every machine). */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function makeRecord(random: () => number, id: number): BenchRecord {
  const word = (n: number) =>
    Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('')
  const name = word(2 + Math.floor(random() * 2))
  return {
    id,
    name,
    email: `${name}.${word(2)}@example.org`,
    tags: Array.from({ length: 1 + Math.floor(random() * 2) }, () => TAGS[Math.floor(random() * TAGS.length)]!),
    score: Math.round(random() * 1e6) / 100,
    active: random() < 0.7,
  }
}

/**
 * The value of a payload size: one record for `100B`, else an array of records whose JSON text first
 * reaches the size. `seed` varies the content (every key may hold a different value).
 */
export function makePayload(name: PayloadName, seed = 1): BenchRecord | BenchRecord[] {
  const random = prng(seed)
  if (name === '100B') return makeRecord(random, seed)
  const target = PAYLOAD_BYTES[name]
  const records: BenchRecord[] = []
  let size = 2
  while (size < target) {
    const record = makeRecord(random, seed * 100_000 + records.length)
    records.push(record)
    size += JSON.stringify(record).length + 1
  }
  return records
}

/** The JSON size of a value, in bytes (for the report). */
export function jsonSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value))
}
