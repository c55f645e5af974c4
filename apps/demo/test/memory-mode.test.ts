import { describe, expect, it } from 'vitest'
import type { CodecRow } from '../src/panels/codec-panel.js'
import { EDIT, demoOnMemory } from './support/demo.js'

const demo = demoOnMemory()

async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers = {}) {
  const response = await demo.app.inject({ method, url, headers, ...(payload && { payload }) })
  return { status: response.statusCode, body: response.json() }
}

describe('demo on MemoryCache (no redis-server)', () => {
  it('runs the herd, rate limiter, versioning and codec panels', async () => {
    expect((await call('GET', '/api/info')).body).toMatchObject({ mode: 'memory', servers: 1 })
    expect((await call('POST', '/api/herd/fire', { requests: 50 })).body).toMatchObject({
      ok: 50,
      factoryRuns: 1,
      distinctValues: 1,
    })
    expect((await call('POST', '/api/rate-limit', { client: 'x' })).body).toMatchObject({ allowed: true, count: 1 })
    await call('POST', '/api/versioning/publish')
    expect((await call('POST', '/api/versioning/bump')).body.version).toBe(2)
    const codecs = (await call('POST', '/api/codecs')).body
    expect(codecs.stored).toBe(false)
    expect(codecs.rows).toHaveLength(10)
    const rows = codecs.rows as CodecRow[]
    expect(rows.every((row) => row.readsBack)).toBe(true)
    expect(rows.find((row) => row.compressor === 'gzip')!.header).toBe('frame: cbor + gzip')
  })

  it('answers 503 E_NEEDS_REDIS for the structure and lock panels', async () => {
    for (const [method, url] of [
      ['GET', '/api/leaderboard'],
      ['POST', '/api/profile/ada/visit'],
      ['POST', '/api/jobs/work'],
      ['POST', '/api/counter/race'],
    ] as const) {
      const { status, body } = await call(method, url)
      expect(status).toBe(503)
      expect(body.error).toBe('E_NEEDS_REDIS')
    }
  })

  it('browses, edits and deletes keys', async () => {
    await demo.ctx.cache.set('mem:a', { x: 1 }, 60)
    const { body } = await call('GET', '/api/browser/keys?pattern=mem:*')
    expect(body).toEqual({
      keys: [{ id: 'demo:1:mem:a', key: 'mem:a', version: 1, type: 'string', ttl: 60 }],
      cursor: '0',
    })
    expect((await call('PUT', '/api/browser/value', { id: 'demo:1:mem:a', value: '[1,2]' }, EDIT)).status).toBe(200)
    expect(await demo.ctx.cache.get('mem:a')).toEqual([1, 2])
    expect((await call('POST', '/api/browser/delete', { ids: ['demo:1:mem:a'] }, EDIT)).body).toEqual({ deleted: 1 })
    expect((await call('GET', '/api/browser/stats')).body).toMatchObject({ hits: null, backend: 'MemoryCache' })
  })
})
