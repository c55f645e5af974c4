// A user who installs only @cachex-js/core, @cachex-js/redis-client and @cachex-js/serializers builds a cache
// by hand. The block between the markers is copied verbatim into the README ("Without the meta-package"); a test
// below checks that it still is.
// README:by-hand:begin
import { MemoryCache, isCachexError, type ExtendedCache } from '@cachex-js/core'
import { RedisCache } from '@cachex-js/redis-client'
import { cbor, json } from '@cachex-js/serializers'

export function createShopCache(location: string | undefined): ExtendedCache {
  if (location === undefined) return new MemoryCache({ keyPrefix: 'shop', timeout: 300 }) // tests, scripts
  return new RedisCache({
    location, // e.g. 'redis://127.0.0.1:6379/0'
    keyPrefix: 'shop',
    timeout: 300,
    options: {
      serializer: [cbor(), json()], // cbor writes; values other clients stored as JSON still read
      compressor: 'gzip',
      socketTimeout: 2,
    },
  })
}
// README:by-hand:end

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { sharedRedis } from './support/shared-redis.js'

const here = dirname(fileURLToPath(import.meta.url))
let opened: ExtendedCache | undefined

afterEach(async () => {
  if (opened) {
    await opened.clear()
    await opened.close()
  }
  opened = undefined
})

async function exercise(cache: ExtendedCache): Promise<void> {
  await cache.set('user:1', { name: 'Ada', since: new Date(0) })
  expect(await cache.get('user:1')).toEqual({ name: 'Ada', since: new Date(0) })
  await cache.set('visits', 1)
  expect(await cache.incr('visits', 2)).toBe(3)
  let runs = 0
  const reports = await Promise.all(Array.from({ length: 10 }, () => cache.getOrSet('report', () => ++runs, 60)))
  expect(reports).toEqual(Array.from({ length: 10 }, () => 1))
  expect((await cache.keys('user:*')).sort()).toEqual(['user:1'])
  expect(await cache.ttl('visits')).toBeGreaterThan(200)
  await expect(cache.incr('missing')).rejects.toSatisfy((error) => isCachexError(error, 'E_KEY_NOT_FOUND'))
  expect(await cache.deletePattern('user:*')).toBe(1)
}

describe('a cache built by hand from core + redis-client + serializers', () => {
  it('works on Redis', async () => {
    const cache = (opened = createShopCache(sharedRedis().standalone!.url))
    expect(cache).toBeInstanceOf(RedisCache)
    await exercise(cache)
    const raw = (cache as RedisCache).getConnection()
    const stored = await raw.getBuffer('shop:1:report')
    expect(stored?.toString()).toBe('1')
  })

  it('works on MemoryCache with the same code', async () => {
    const cache = (opened = createShopCache(undefined))
    expect(cache).toBeInstanceOf(MemoryCache)
    await exercise(cache)
  })

  it('needs no other cachex package: the three packages depend only on each other and the codecs', () => {
    const require = createRequire(import.meta.url)
    const seen = new Set<string>()
    const visit = (name: string, from: string): void => {
      if (seen.has(name)) return
      seen.add(name)
      const manifestPath = createRequire(from).resolve(`${name}/package.json`)
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        dependencies?: Record<string, string>
        peerDependencies?: Record<string, string>
      }
      const deps = { ...manifest.dependencies, ...manifest.peerDependencies }
      for (const dep of Object.keys(deps))
        if (dep.startsWith('@cachex-js/') || dep === 'cachex') visit(dep, manifestPath)
    }
    for (const name of ['@cachex-js/core', '@cachex-js/redis-client', '@cachex-js/serializers']) {
      visit(name, require.resolve('cachex/package.json'))
    }
    expect([...seen].sort()).toEqual([
      '@cachex-js/compressors',
      '@cachex-js/core',
      '@cachex-js/redis-client',
      '@cachex-js/serializers',
    ])
  })

  it('is the code the README shows', () => {
    const source = readFileSync(fileURLToPath(import.meta.url), 'utf8')
    const snippet = /\/\/ README:by-hand:begin\n([\s\S]*?)\/\/ README:by-hand:end/.exec(source)![1]!
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8')
    expect(readme).toContain(snippet.trim())
  })
})
