import { describe, expect, it } from 'vitest'
import type { KeyDetail, KeyPage } from '../src/browser/key-browser.js'
import { EDIT, demoOnRedis } from './support/demo.js'

const demo = demoOnRedis()

async function get(url: string) {
  const response = await demo.app.inject({ method: 'GET', url })
  return { status: response.statusCode, body: response.json() }
}

async function send(method: 'PUT' | 'POST', url: string, payload: object, headers: Record<string, string> = EDIT) {
  const response = await demo.app.inject({ method, url, payload, headers })
  return { status: response.statusCode, body: response.json() }
}

const detail = (id: string) => get(`/api/browser/key?id=${encodeURIComponent(id)}`)
/** The value of a key detail, parsed from its JSON form. */
const jsonOf = (body: unknown): unknown => JSON.parse((body as KeyDetail).value!.json!)

describe('cache browser API on Redis', () => {
  it('lists keys by glob in SCAN pages until the cursor is 0', async () => {
    const cache = demo.ctx.redis!
    await cache.setMany(Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`page:${i}`, i])))
    await cache.set('other', 'x')
    const seen = new Set<string>()
    let cursor = '0'
    let pages = 0
    do {
      const body = (await get(`/api/browser/keys?pattern=${encodeURIComponent('page:*')}&count=10&cursor=${cursor}`))
        .body as KeyPage
      pages++
      for (const key of body.keys) {
        expect(key).toMatchObject({ version: 1, type: 'string', ttl: expect.any(Number) })
        expect(key.id).toBe(`demo:1:${key.key}`)
        seen.add(key.key)
      }
      cursor = body.cursor
    } while (cursor !== '0' && pages < 100)
    expect(pages).toBeGreaterThan(1)
    expect([...seen].sort()).toEqual(Array.from({ length: 45 }, (_, i) => `page:${i}`).sort())
  })

  it('shows each type with its TTL and decoded value', async () => {
    const cache = demo.ctx.redis!
    await cache.set('b:object', { name: 'Ada', since: new Date(0), tags: new Set(['x']) }, null)
    await cache.set('b:int', 42, 120)
    await cache.hset('b:hash', 'visits', 3)
    await cache.rpush('b:list', 'a', { b: 1 })
    await cache.sadd('b:set', 'red')
    await cache.zadd('b:zset', { ada: 10, alan: 7 })

    const object = (await detail('demo:1:b:object')).body
    expect(object).toMatchObject({ key: 'b:object', type: 'string', ttl: null, encoding: 'frame: cbor' })
    expect(object.value.text).toContain("name: 'Ada'")
    expect(object.value.text).toContain('1970-01-01T00:00:00.000Z')
    expect(object.value.json).toBeUndefined() // a Date and a Set do not survive JSON

    const int = (await detail('demo:1:b:int')).body
    expect(int).toMatchObject({
      type: 'string',
      encoding: 'integer',
      size: 2,
      value: { kind: 'number', text: '42', json: '42' },
    })
    expect(int.ttl).toBeGreaterThan(100)

    expect((await detail('demo:1:b:hash')).body).toMatchObject({
      type: 'hash',
      size: 1,
      value: { json: '{\n  "visits": 3\n}' },
    })
    expect(jsonOf((await detail('demo:1:b:list')).body)).toEqual(['a', { b: 1 }])
    expect((await detail('demo:1:b:set')).body).toMatchObject({ type: 'set', size: 1 })
    expect(jsonOf((await detail('demo:1:b:zset')).body)).toEqual([
      ['alan', 7],
      ['ada', 10],
    ])
    expect((await detail('demo:1:nope')).status).toBe(404)
    expect((await detail('elsewhere:1:x')).status).toBe(400)
  })

  it('edits a value (keeping its TTL) only with the token', async () => {
    const cache = demo.ctx.redis!
    await cache.set('e:value', { v: 1 }, 300)
    const payload = { id: 'demo:1:e:value', value: '{"v": 2, "note": "edited"}' }
    expect((await send('PUT', '/api/browser/value', payload, {})).status).toBe(401)
    expect((await send('PUT', '/api/browser/value', payload, { 'x-demo-token': 'wrong' })).status).toBe(403)
    expect(await cache.get('e:value')).toEqual({ v: 1 })
    const { status, body } = await send('PUT', '/api/browser/value', payload)
    expect(status).toBe(200)
    expect(jsonOf(body)).toEqual({ v: 2, note: 'edited' })
    expect(await cache.get('e:value')).toEqual({ v: 2, note: 'edited' })
    expect(await cache.ttl('e:value')).toBeGreaterThan(250) // TTL kept
    expect((await send('PUT', '/api/browser/value', { id: 'demo:1:e:value', value: '{oops' })).body.error).toBe(
      'E_BAD_JSON',
    )
    await cache.hset('e:hash', 'f', 1)
    expect((await send('PUT', '/api/browser/value', { id: 'demo:1:e:hash', value: '1' })).status).toBe(409)
  })

  it('edits a TTL: seconds, null to persist, <= 0 deletes', async () => {
    const cache = demo.ctx.redis!
    await cache.set('t:key', 'x', null)
    expect((await send('PUT', '/api/browser/ttl', { id: 'demo:1:t:key', ttl: 100 }, {})).status).toBe(401)
    const set = await send('PUT', '/api/browser/ttl', { id: 'demo:1:t:key', ttl: 100 })
    expect(set.body.ttl).toBeGreaterThan(90)
    expect((await send('PUT', '/api/browser/ttl', { id: 'demo:1:t:key', ttl: null })).body.ttl).toBeNull()
    expect(await cache.ttl('t:key')).toBeNull()
    expect((await send('PUT', '/api/browser/ttl', { id: 'demo:1:t:key', ttl: 0 })).body).toEqual({
      id: 'demo:1:t:key',
      deleted: true,
    })
    expect(await cache.hasKey('t:key')).toBe(false)
    expect((await send('PUT', '/api/browser/ttl', { id: 'demo:1:t:key', ttl: 5 })).status).toBe(404)
  })

  it('deletes keys of any type and any version, only with the token', async () => {
    const cache = demo.ctx.redis!
    await cache.set('d:one', 1)
    await cache.set('d:two', 2, undefined, { version: 7 })
    await cache.sadd('d:set', 'm')
    const ids = ['demo:1:d:one', 'demo:7:d:two', 'demo:1:d:set']
    expect((await send('POST', '/api/browser/delete', { ids }, {})).status).toBe(401)
    expect(await cache.hasKey('d:one')).toBe(true)
    expect((await send('POST', '/api/browser/delete', { ids })).body).toEqual({ deleted: 3 })
    expect(await cache.hasKey('d:one')).toBe(false)
    expect(await cache.hasKey('d:two', { version: 7 })).toBe(false)
    expect(await cache.scard('d:set')).toBe(0)
    expect((await send('POST', '/api/browser/delete', { ids: [] })).status).toBe(400)
  })

  it('reports live stats from INFO: hits, misses, ratio, keys, memory', async () => {
    const cache = demo.ctx.redis!
    const before = (await get('/api/browser/stats')).body
    await cache.set('s:key', 1)
    await cache.get('s:key')
    await cache.get('s:key')
    await cache.get('s:missing')
    const after = (await get('/api/browser/stats')).body
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(2)
    expect(after.misses - before.misses).toBeGreaterThanOrEqual(1)
    expect(after.hitRatio).toBeCloseTo(after.hits / (after.hits + after.misses))
    expect(after.keys).toBe(await cache.getConnection().dbsize())
    expect(after.memory).toMatch(/^[\d.]+ (B|KB|MB|GB)$/)
    expect(after.memoryBytes).toBeGreaterThan(0)
    expect(after.backend).toMatch(/^Redis \d/)
  })
})
