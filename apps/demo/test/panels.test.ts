import { describe, expect, it } from 'vitest'
import type { CodecRow } from '../src/panels/codec-panel.js'
import { demoOnRedis } from './support/demo.js'

const demo = demoOnRedis()

async function call(method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await demo.app.inject({ method, url, ...(payload && { payload }) })
  return { status: response.statusCode, body: response.json() }
}

describe('demo panels on Redis', () => {
  it('herd: 200 concurrent requests over 4 app servers run the factory once and see one value', async () => {
    const { status, body } = await call('POST', '/api/herd/fire', { requests: 200 })
    expect(status).toBe(200)
    expect(body).toMatchObject({ requests: 200, ok: 200, servers: 4, factoryRuns: 1, distinctValues: 1 })
    const again = await call('GET', '/api/slow?server=3')
    expect(again.body.report.run).toBe(1) // cached: the factory did not run again
  })

  it('rate limiter: 5 requests per window, then blocked', async () => {
    const results: Array<{ allowed: boolean; count: number; limit: number; resetsIn: number }> = []
    for (let i = 0; i < 7; i++)
      results.push((await call('POST', '/api/rate-limit', { client: 'bob' })).body as (typeof results)[number])
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false, false])
    expect(results[6]).toMatchObject({ count: 7, limit: 5 })
    expect(results[6]!.resetsIn).toBeGreaterThan(0)
    expect(results[6]!.resetsIn).toBeLessThanOrEqual(10)
    expect((await call('POST', '/api/rate-limit', { client: 'carol' })).body).toMatchObject({ allowed: true, count: 1 })
  })

  it('leaderboard: scores accumulate and the top is highest first', async () => {
    await call('POST', '/api/leaderboard', { player: 'ada', points: 10 })
    await call('POST', '/api/leaderboard', { player: 'alan', points: 25 })
    const { body } = await call('POST', '/api/leaderboard', { player: 'ada', points: 20 })
    expect(body).toMatchObject({ player: 'ada', score: 30, rank: 0, players: 2 })
    expect(body.top).toEqual([
      { player: 'ada', score: 30 },
      { player: 'alan', score: 25 },
    ])
    expect((await call('POST', '/api/leaderboard', { player: '', points: 1 })).status).toBe(400)
  })

  it('profile: hset fields and hincrby visits', async () => {
    await call('POST', '/api/profile/grace', { field: 'city', value: 'Arlington' })
    await call('POST', '/api/profile/grace/visit')
    const { body } = await call('POST', '/api/profile/grace/visit')
    expect(body.visits).toBe(2)
    expect((await call('GET', '/api/profile/grace')).body.fields).toEqual({ city: 'Arlington', visits: 2 })
  })

  it('job queue: lmove claims the oldest job, which ends in done', async () => {
    await call('POST', '/api/jobs', { task: 'resize image' })
    await call('POST', '/api/jobs', { task: 'send mail' })
    const { body } = await call('POST', '/api/jobs/work')
    expect(body.worked).toMatchObject({ id: 1, task: 'resize image', result: 'RESIZE IMAGE' })
    expect(body.pending).toEqual([{ id: 2, task: 'send mail' }])
    expect(body.processing).toEqual([])
    expect(body.done).toEqual([{ id: 1, task: 'resize image', result: 'RESIZE IMAGE' }])
    await call('POST', '/api/jobs/work')
    expect((await call('POST', '/api/jobs/work')).body.worked).toBeNull()
  })

  it('lock-protected counter: under withLock every increment counts', async () => {
    const locked = (await call('POST', '/api/counter/race', { workers: 20, locked: true })).body
    expect(locked).toMatchObject({ workers: 20, locked: true, value: 20, lost: 0 })
    const unlocked = (await call('POST', '/api/counter/race', { workers: 20, locked: false })).body
    expect(unlocked.value).toBeGreaterThanOrEqual(1)
    expect(unlocked.value).toBeLessThanOrEqual(20)
  })

  it('versioned invalidation: incrVersion moves the catalog, readers of the old version miss', async () => {
    expect((await call('POST', '/api/versioning/bump')).status).toBe(404) // nothing published yet
    const published = (await call('POST', '/api/versioning/publish', { value: { items: ['tea'] } })).body
    expect(published).toMatchObject({ version: 1, reads: [{ version: 1, value: { items: ['tea'] } }] })
    const bumped = (await call('POST', '/api/versioning/bump')).body
    expect(bumped.version).toBe(2)
    expect(bumped.fullKey).toBe('demo:2:catalog')
    expect(bumped.reads).toEqual([
      { version: 1, value: null },
      { version: 2, value: { items: ['tea'] } },
    ])
  })

  it('codecs: every serializer x compressor stores bytes the main cache reads back', async () => {
    const { body } = await call('POST', '/api/codecs')
    expect(body.stored).toBe(true)
    expect(body.rows).toHaveLength(10)
    const rows = body.rows as CodecRow[]
    expect(rows.every((row) => row.readsBack)).toBe(true)
    const row = (s: string, c: string) => rows.find((r) => r.serializer === s && r.compressor === c)!
    expect(row('json', 'none').header).toBe('bare') // plain UTF-8 JSON: interop
    expect(row('cbor', 'none').header).toBe('frame: cbor')
    expect(row('cbor', 'gzip').header).toBe('frame: cbor + gzip')
    expect(row('cbor', 'brotli').bytes).toBeLessThan(row('cbor', 'none').bytes)
    const jsonStart = Buffer.from(row('json', 'none').preview.replace(/ /g, ''), 'hex').toString()
    expect(jsonStart).toBe('{"page": 1, "products": ')
  })

  it('serves the pages, and refuses requests for other hosts', async () => {
    const home = await demo.app.inject({ method: 'GET', url: '/' })
    expect(home.headers['content-type']).toContain('text/html')
    expect(home.body).toContain('Herd-safe getOrSet')
    expect((await demo.app.inject({ method: 'GET', url: '/browser' })).body).toContain('data-testid="pattern"')
    const foreign = await demo.app.inject({ method: 'GET', url: '/api/info', headers: { host: 'evil.example:3000' } })
    expect(foreign.statusCode).toBe(421)
    expect((await call('GET', '/api/info')).body).toMatchObject({ mode: 'redis', prefix: 'demo', servers: 4 })
  })
})
