import { describe, expect, it } from 'vitest'
import { createCache } from 'cachex'
import { startStandalone } from '@cachex-js/testkit/redis'
import { answersPing, resolveRedisSource } from '../src/redis-source.js'

// Tests never probe the machine's own Redis on 6379: DEMO_LOCAL_REDIS points at harness servers or is off.
const OFF = { DEMO_LOCAL_REDIS: 'off' }

describe('where the demo gets Redis', () => {
  it('uses REDIS_URL when set, and starts nothing', async () => {
    const source = await resolveRedisSource({ REDIS_URL: 'redis://:secret@127.0.0.1:6390/2' })
    expect(source).toMatchObject({ kind: 'env', url: 'redis://:secret@127.0.0.1:6390/2' })
    expect(source.description).not.toContain('secret')
  })

  it('without REDIS_URL uses a Redis already answering on localhost (here: a harness server as the local one)', async () => {
    const server = await startStandalone()
    try {
      expect(await answersPing(server.url)).toBe(true)
      const source = await resolveRedisSource({ DEMO_LOCAL_REDIS: server.url, PATH: process.env.PATH })
      expect(source).toMatchObject({ kind: 'local', url: server.url })
      expect(source.description).toContain('already answering')
    } finally {
      await server.stop()
    }
    expect(await answersPing(server.url)).toBe(false)
  })

  it('without REDIS_URL and no local Redis starts a private redis-server (never on 6379) and stops it', async () => {
    const source = await resolveRedisSource({ ...OFF, PATH: process.env.PATH })
    try {
      expect(source.kind).toBe('private')
      const port = Number(new URL(source.url!).port)
      expect(port).not.toBe(6379)
      expect(source.description).toContain('private redis-server')
      const cache = createCache({ location: source.url! })
      await cache.set('k', 'v')
      expect(await cache.get('k')).toBe('v')
      await cache.close()
    } finally {
      await source.stop()
    }
    const after = createCache({ location: source.url!, options: { socketTimeout: 1, socketConnectTimeout: 1 } })
    await expect(after.get('k')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    await after.close()
  })

  it('without a redis-server binary says how to install one and falls back to MemoryCache', async () => {
    const source = await resolveRedisSource({ ...OFF, CACHEX_REDIS_SERVER: '/nonexistent/redis-server', PATH: '' })
    expect(source.kind).toBe('none')
    expect(source.url).toBeUndefined()
    expect(source.description).toContain('redis-server not found')
    expect(source.description).toContain('apt-get install redis-server')
    expect(source.description).toContain('MemoryCache')
  })
})
