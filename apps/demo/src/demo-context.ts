/**
 * What the demo's routes work with: the main cache, the "app servers" of the herd panel, the codec caches,
 * and whether Redis is behind them (every panel) or only MemoryCache (the panels that need no Redis).
 */
import { randomBytes } from 'node:crypto'
import { MemoryCache, createCache, type CachexCache, type ExtendedCache } from 'cachex'

/** The key prefix of every demo key. */
export const DEMO_PREFIX = 'demo'

/** The serializers and compressors the codec panel compares. */
export const SERIALIZERS = ['cbor', 'json'] as const
export const COMPRESSORS = ['none', 'gzip', 'deflate', 'zlib', 'brotli'] as const

/** The demo's caches. */
export interface DemoContext {
  /** `'redis'`: every panel; `'memory'`: MemoryCache, the panels that need no Redis. */
  readonly mode: 'redis' | 'memory'
  /** The main cache. */
  readonly cache: ExtendedCache
  /** The main cache when Redis is behind it (structures, locks, raw commands). */
  readonly redis: CachexCache | undefined
  /** Caches standing for separate app servers sharing one Redis (the herd panel spreads requests over them). */
  readonly servers: readonly ExtendedCache[]
  /** One cache per serializer/compressor pair, on the main cache's connection (Redis mode only). */
  readonly codecCaches: ReadonlyMap<string, CachexCache>
  /** The token edits of the cache browser need. */
  readonly token: string
  /** Where the data lives, for people: a URL or `'in-process memory'`. */
  readonly where: string
  /** Closes every cache. */
  close(): Promise<void>
}

/** Options of {@link createDemoContext}. */
export interface DemoContextOptions {
  /** A Redis URL; without one the demo runs on MemoryCache. */
  redisUrl?: string
  /** The edit token; default: 16 random bytes, hex. */
  token?: string
  /** How many app servers the herd panel simulates (Redis mode). Default 4. */
  servers?: number
}

/** The main cache reads whatever any codec pair wrote: every serializer and compressor, cbor + none writing. */
const READ_EVERYTHING = { serializer: [...SERIALIZERS], compressor: [...COMPRESSORS] }

/** Builds the demo's caches: on Redis when `redisUrl` is given, else on MemoryCache. Waits for the connection. */
export async function createDemoContext(options: DemoContextOptions = {}): Promise<DemoContext> {
  const token = options.token ?? randomBytes(16).toString('hex')
  if (options.redisUrl === undefined) {
    const cache = new MemoryCache({ keyPrefix: DEMO_PREFIX, timeout: 300, maxEntries: 10_000 })
    return {
      mode: 'memory',
      cache,
      redis: undefined,
      servers: [cache],
      codecCaches: new Map(),
      token,
      where: 'in-process memory (MemoryCache)',
      close: () => cache.close(),
    }
  }

  const location = options.redisUrl
  const config = { location, keyPrefix: DEMO_PREFIX, timeout: 300, options: { ...READ_EVERYTHING, socketTimeout: 5 } }
  const redis = createCache(config)
  const servers: CachexCache[] = [redis]
  for (let i = 1; i < (options.servers ?? 4); i++) servers.push(createCache(config))
  const codecCaches = new Map<string, CachexCache>()
  // Each cache on an injected client adds its own 'error'/'ready' listeners: ten codec caches share this one.
  redis.getConnection().setMaxListeners(SERIALIZERS.length * COMPRESSORS.length + 10)
  for (const serializer of SERIALIZERS) {
    for (const compressor of COMPRESSORS) {
      // An injected ioredis client: the codec caches share the main cache's connection (and never close it).
      const codecCache = createCache({
        location: redis.getConnection(),
        keyPrefix: DEMO_PREFIX,
        options: { serializer, compressor },
      })
      codecCaches.set(`${serializer}+${compressor}`, codecCache)
    }
  }
  const all = [...codecCaches.values(), ...servers]
  const close = async (): Promise<void> => {
    await Promise.all(all.map((cache) => cache.close()))
  }
  try {
    // A cache call waits for the connection (the raw client the browser also uses has no offline queue).
    await Promise.all(servers.map((cache) => cache.hasKey('ready')))
  } catch (error) {
    await close()
    throw error
  }
  return { mode: 'redis', cache: redis, redis, servers, codecCaches, token, where: location, close }
}
