/**
 * The cache browser on Redis: SCAN (paged, by glob), TYPE and PTTL through the raw ioredis client that
 * `getConnection()` hands out; values decoded with the cache's own codec and structure methods; edits
 * through the cache API (so keys, versions and encoding stay the cache's); stats from INFO.
 */
import type { CachexCache } from 'cachex'
import { display } from './display.js'
import {
  globEscape,
  parseStoredKey,
  ttlSeconds,
  type BrowserStats,
  type KeyBrowser,
  type KeyDetail,
  type KeyPage,
  type KeySummary,
} from './key-browser.js'
import { HttpError } from '../http-errors.js'

const SHOWN = 100

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(2)} ${units[unit]}`
}

function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim()
}

/** A {@link KeyBrowser} on a cachex Redis cache (its primary). */
export class RedisKeyBrowser implements KeyBrowser {
  constructor(private readonly cache: CachexCache) {}

  private get redis() {
    return this.cache.getConnection()
  }

  async scan(pattern: string, cursor: string, count: number): Promise<KeyPage> {
    const match = `${globEscape(this.cache.keyPrefix)}:*:${pattern === '' ? '*' : pattern}`
    const found = new Set<string>()
    let next = /^\d+$/.test(cursor) ? cursor : '0'
    do {
      const [after, keys] = await this.redis.scan(next, 'MATCH', match, 'COUNT', count)
      next = after
      for (const key of keys) found.add(key)
    } while (next !== '0' && found.size < count)
    const ids = [...found].sort()
    const pipeline = this.redis.pipeline()
    for (const id of ids) pipeline.type(id).pttl(id)
    const replies = ((await pipeline.exec()) ?? []).map(([error, reply]) => (error ? undefined : reply))
    const keys: KeySummary[] = []
    ids.forEach((id, index) => {
      const type = replies[index * 2] as string | undefined
      const ttl = ttlSeconds(Number(replies[index * 2 + 1]))
      if (type === undefined || type === 'none' || ttl === undefined) return // expired meanwhile
      const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
      keys.push({ id, key, version, type, ttl })
    })
    return { keys, cursor: next }
  }

  async inspect(id: string): Promise<KeyDetail | undefined> {
    const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
    const [type, pttl] = await Promise.all([this.redis.type(id), this.redis.pttl(id)])
    const ttl = ttlSeconds(pttl)
    if (type === 'none' || ttl === undefined) return undefined
    const base = { id, key, version, type, ttl }
    const options = { version }
    try {
      switch (type) {
        case 'string': {
          const bytes = await this.redis.getBuffer(id)
          if (bytes === null) return undefined
          const form = this.cache.codec.inspect(bytes)
          const encoding =
            form.format === 'frame'
              ? `frame: ${form.serializer}${form.compressor ? ` + ${form.compressor}` : ''}`
              : form.format
          try {
            return { ...base, size: bytes.length, encoding, value: display(this.cache.codec.decode(bytes)) }
          } catch (error) {
            return { ...base, size: bytes.length, encoding, error: (error as Error).message }
          }
        }
        case 'hash':
          return {
            ...base,
            size: await this.cache.hlen(key, options),
            value: display(await this.cache.hgetall(key, options)),
          }
        case 'list':
          return {
            ...base,
            size: await this.cache.llen(key, options),
            value: display(await this.cache.lrange(key, 0, SHOWN - 1, options)),
          }
        case 'set':
          return {
            ...base,
            size: await this.cache.scard(key, options),
            value: display(await this.cache.smembers(key, options)),
          }
        case 'zset':
          return {
            ...base,
            size: await this.cache.zcard(key, options),
            value: display(await this.cache.zrange(key, 0, SHOWN - 1, { version, withscores: true })),
          }
        default:
          return { ...base, size: 0, error: `the browser does not show ${type} values` }
      }
    } catch (error) {
      return { ...base, size: 0, error: (error as Error).message }
    }
  }

  async setValue(id: string, value: unknown): Promise<void> {
    const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
    const type = await this.redis.type(id)
    if (type !== 'string' && type !== 'none') {
      throw new HttpError(409, 'E_WRONG_TYPE', `${id} is a ${type}: edit its elements through its panel`)
    }
    const pttl = await this.cache.pttl(key, { version })
    // Keep the key's expiry: pttl is null for "never", 0 when missing (then the cache default applies).
    const timeout = pttl === null ? null : pttl > 0 ? pttl / 1000 : undefined
    await this.cache.set(key, value, timeout, { version })
  }

  async setTtl(id: string, ttl: number | null): Promise<boolean> {
    const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
    return ttl === null ? this.cache.persist(key, { version }) : this.cache.expire(key, ttl, { version })
  }

  async remove(ids: readonly string[]): Promise<number> {
    const removed = await Promise.all(
      ids.map((id) => {
        const { key, version } = parseStoredKey(id, this.cache.keyPrefix)
        return this.cache.delete(key, { version })
      }),
    )
    return removed.filter(Boolean).length
  }

  async stats(): Promise<BrowserStats> {
    const [info, keys] = await Promise.all([this.redis.info(), this.redis.dbsize()])
    const hits = Number(infoField(info, 'keyspace_hits') ?? 0)
    const misses = Number(infoField(info, 'keyspace_misses') ?? 0)
    const memoryBytes = Number(infoField(info, 'used_memory') ?? 0)
    return {
      hits,
      misses,
      hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
      keys,
      memory: formatBytes(memoryBytes),
      memoryBytes,
      backend: `Redis ${infoField(info, 'redis_version') ?? ''}`.trim(),
    }
  }
}
