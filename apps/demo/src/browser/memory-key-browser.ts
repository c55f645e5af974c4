/**
 * The cache browser on MemoryCache (no Redis): the cache's own keys at its version, every value a
 * "string"; no hit/miss or memory statistics.
 */
import type { MemoryCache } from 'cachex'
import { display } from './display.js'
import { parseStoredKey, type BrowserStats, type KeyBrowser, type KeyDetail, type KeyPage } from './key-browser.js'

/** A {@link KeyBrowser} on a MemoryCache. */
export class MemoryKeyBrowser implements KeyBrowser {
  constructor(private readonly cache: MemoryCache) {}

  async scan(pattern: string, cursor: string, count: number): Promise<KeyPage> {
    const all = (await this.cache.keys(pattern === '' ? '*' : pattern)).sort()
    const start = /^\d+$/.test(cursor) ? Number(cursor) : 0
    const page = all.slice(start, start + count)
    const keys = await Promise.all(
      page.map(async (key) => ({
        id: this.cache.makeKey(key),
        key,
        version: this.cache.version,
        type: 'string',
        ttl: await this.cache.ttl(key),
      })),
    )
    return { keys, cursor: start + count >= all.length ? '0' : String(start + count) }
  }

  async inspect(id: string): Promise<KeyDetail | undefined> {
    const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
    const missing = Symbol('missing')
    const value: unknown = await this.cache.get(key, missing, { version })
    if (value === missing) return undefined
    const ttl = await this.cache.ttl(key, { version })
    return { id, key, version, type: 'string', ttl, size: 0, value: display(value) }
  }

  async setValue(id: string, value: unknown): Promise<void> {
    const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
    const pttl = await this.cache.pttl(key, { version })
    await this.cache.set(key, value, pttl === null ? null : pttl > 0 ? pttl / 1000 : undefined, { version })
  }

  async setTtl(id: string, ttl: number | null): Promise<boolean> {
    const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
    return ttl === null ? this.cache.persist(key, { version }) : this.cache.expire(key, ttl, { version })
  }

  async remove(ids: readonly string[]): Promise<number> {
    let removed = 0
    for (const id of ids) {
      const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
      if (await this.cache.delete(key, { version })) removed++
    }
    return removed
  }

  async stats(): Promise<BrowserStats> {
    const keys = (await this.cache.keys('*')).length
    return { hits: null, misses: null, hitRatio: null, keys, memory: null, memoryBytes: null, backend: 'MemoryCache' }
  }
}
