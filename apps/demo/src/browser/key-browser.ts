/**
 * What the cache browser needs from a backend, and how it reads the demo's stored keys
 * (`<prefix>:<version>:<key>`, the default key layout).
 */
import type { Displayed } from './display.js'
import { HttpError } from '../http-errors.js'

/** One key in a listing. */
export interface KeySummary {
  /** The stored (full) key: what the browser's other calls take. */
  id: string
  /** The user key. */
  key: string
  version: number
  /** Redis type: `string`, `hash`, `list`, `set`, `zset`... */
  type: string
  /** Seconds left; `null` = never expires. */
  ttl: number | null
}

/** One page of a listing; `cursor` `'0'` = the end. */
export interface KeyPage {
  keys: KeySummary[]
  cursor: string
}

/** One key in detail. */
export interface KeyDetail extends KeySummary {
  /** Bytes (strings) or elements (structures). */
  size: number
  /** How the bytes are stored (strings): `integer`, `frame: cbor + gzip`, `bare`. */
  encoding?: string
  /** The decoded value (structures: their elements, up to 100). */
  value?: Displayed
  /** Why the value could not be shown. */
  error?: string
}

/** Live statistics; `null` where the backend has none. */
export interface BrowserStats {
  hits: number | null
  misses: number | null
  /** hits / (hits + misses), `null` before any read. */
  hitRatio: number | null
  keys: number
  memory: string | null
  memoryBytes: number | null
  backend: string
}

/** A cache browser backend. */
export interface KeyBrowser {
  scan(pattern: string, cursor: string, count: number): Promise<KeyPage>
  inspect(id: string): Promise<KeyDetail | undefined>
  /** Stores `value` under the key, keeping its TTL. */
  setValue(id: string, value: unknown): Promise<void>
  /** A new TTL in seconds (`null` = persist, `<= 0` deletes). Resolves whether the key existed. */
  setTtl(id: string, ttl: number | null): Promise<boolean>
  remove(ids: readonly string[]): Promise<number>
  stats(): Promise<BrowserStats>
}

/** Escapes glob characters, so a prefix is matched literally. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}

/** The user key and version of a stored key under `prefix`; `E_BAD_KEY` (400) for anything else. */
export function parseStoredKey(id: string, prefix: string): { key: string; version: number } {
  const head = `${prefix}:`
  const rest = id.startsWith(head) ? id.slice(head.length) : undefined
  const colon = rest?.indexOf(':') ?? -1
  const version = rest === undefined || colon < 1 ? NaN : Number(rest.slice(0, colon))
  if (rest === undefined || !Number.isSafeInteger(version)) {
    throw new HttpError(400, 'E_BAD_KEY', `not a key of this cache (expected ${prefix}:<version>:<key>): ${id}`)
  }
  return { key: rest.slice(colon + 1), version }
}

/** Seconds from a PTTL reply: `null` for no expiry (-1), `undefined` for a missing key (-2). */
export function ttlSeconds(pttl: number): number | null | undefined {
  if (pttl === -2) return undefined
  return pttl === -1 ? null : Math.round(pttl / 100) / 10
}
