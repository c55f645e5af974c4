/**
 * Prototype-pollution safety: `__proto__` (and `constructor.prototype`) keys in stored JSON, CBOR and msgpack
 * bytes, in hash fields and in cache keys never touch `Object.prototype` nor a result's prototype.
 */
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { MemoryCache, type ExtendedCache } from '@cachex-js/core'
import { msgpackSerializer } from '@cachex-js/serializer-msgpack'
import { createCache } from 'cachex'
import { adminClient, dedicatedServer, stopServer, testCache, uniquePrefix } from './support/redis.js'
import { frame } from './support/stored-bytes.js'

let server: RedisStandalone
beforeAll(async () => {
  server = await dedicatedServer()
})
afterAll(() => stopServer(server))

/** Nothing may have been added to Object.prototype by any test here. */
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).filter((name) => /polluted|pwned/i.test(name))).toEqual([])
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

describe.each([
  ['MemoryCache', (): ExtendedCache => new MemoryCache({})],
  ['RedisCache', (): ExtendedCache => testCache({ location: server.url, keyPrefix: uniquePrefix('proto') })],
] as const)('%s getMany', (_name, makeCache) => {
  it("returns a key named '__proto__' as an own property and keeps the result's prototype", async () => {
    const cache = makeCache()
    await cache.set('__proto__', { polluted: true, isAdmin: true })
    await cache.set('user', { name: 'ada' })
    const found = await cache.getMany<Record<string, unknown>>(['__proto__', 'user', 'missing'])
    expect(Object.getPrototypeOf(found)).toBe(Object.prototype)
    expect(Object.keys(found).sort()).toEqual(['__proto__', 'user'])
    expect(Object.getOwnPropertyDescriptor(found, '__proto__')?.value).toEqual({ polluted: true, isAdmin: true })
    expect((found as { isAdmin?: unknown }).isAdmin).toBeUndefined()
    expect(found.missing).toBeUndefined()
    expect(await cache.get('__proto__')).toEqual({ polluted: true, isAdmin: true })
  })
})

const text = (value: string) => Buffer.from(value, 'utf8')
/** `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}` as CBOR, by hand. */
const CBOR_PROTO = Buffer.concat([
  Buffer.from([0xa2, 0x69]),
  text('__proto__'),
  Buffer.from([0xa1, 0x68]),
  text('polluted'),
  Buffer.from([0xf5, 0x6b]),
  text('constructor'),
  Buffer.from([0xa1, 0x69]),
  text('prototype'),
  Buffer.from([0xa1, 0x68]),
  text('polluted'),
  Buffer.from([0xf5]),
])
/** The same as msgpack, by hand. */
const MSGPACK_PROTO = Buffer.concat([
  Buffer.from([0x82, 0xa9]),
  text('__proto__'),
  Buffer.from([0x81, 0xa8]),
  text('polluted'),
  Buffer.from([0xc3, 0xab]),
  text('constructor'),
  Buffer.from([0x81, 0xa9]),
  text('prototype'),
  Buffer.from([0x81, 0xa8]),
  text('polluted'),
  Buffer.from([0xc3]),
])
const JSON_PROTO = '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'

describe('decoding stored bytes with __proto__ and constructor.prototype keys', () => {
  it.each([
    ['json (bare text)', 'json', text(JSON_PROTO), '__proto__'],
    ['json (framed)', 'json', frame('json', '', text(JSON_PROTO)), '__proto__'],
    ['cbor', 'cbor', frame('cbor', '', CBOR_PROTO), '__proto_'],
  ] as const)('%s: an own key, never the prototype', async (_name, serializer, bytes, ownKey) => {
    const cache = testCache({ location: server.url, keyPrefix: uniquePrefix('proto'), options: { serializer } })
    await adminClient(server.url).set(cache.makeKey('evil'), bytes)
    const value = (await cache.get('evil')) as Record<string, unknown>
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(value, ownKey)?.value).toEqual({ polluted: true })
    expect(value.polluted).toBeUndefined()
    expect(value.constructor).toEqual({ prototype: { polluted: true } }) // an own data key
  })

  it('msgpack: a plain map decodes as a Map (its __proto__ key is a Map key); records rename it', async () => {
    const cache = testCache({
      location: server.url,
      keyPrefix: uniquePrefix('proto'),
      options: { serializer: msgpackSerializer },
    })
    await adminClient(server.url).set(cache.makeKey('evil'), frame('msgpack', '', MSGPACK_PROTO))
    const value = (await cache.get('evil')) as Map<string, unknown>
    expect(value).toBeInstanceOf(Map)
    expect(value.get('__proto__')).toEqual(new Map([['polluted', true]]))
    expect(Object.getPrototypeOf(value)).toBe(Map.prototype)
  })

  it('json: __proto__ keys injected anywhere in any JSON document stay own keys', async () => {
    const cache = testCache({ location: server.url, keyPrefix: uniquePrefix('proto'), options: { serializer: 'json' } })
    const admin = adminClient(server.url)
    const withProto = fc
      .jsonValue()
      .map((value) => `{"__proto__": {"polluted": true}, "v": ${JSON.stringify(value)}, "n": [{"__proto__": null}]}`)
    await fc.assert(
      fc.asyncProperty(withProto, async (document) => {
        await admin.set(cache.makeKey('doc'), document)
        const value = (await cache.get('doc')) as Record<string, unknown>
        expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
        expect(Object.hasOwn(value, '__proto__')).toBe(true)
        const nested = (value.n as Record<string, unknown>[])[0]!
        expect(Object.getPrototypeOf(nested)).toBe(Object.prototype)
      }),
      { numRuns: 100 },
    )
  })
})

describe('hash fields (structures)', () => {
  it("hgetall returns a '__proto__' field as an own key", async () => {
    const cache = createCache({ location: server.url, keyPrefix: uniquePrefix('proto') })
    try {
      await cache.hset('h', '__proto__', { isAdmin: true })
      await cache.hset('h', 'name', 'ada')
      const all = await cache.hgetall<Record<string, unknown>>('h')
      expect(Object.getPrototypeOf(all)).toBe(Object.prototype)
      expect(Object.keys(all).sort()).toEqual(['__proto__', 'name'])
      expect((all as { isAdmin?: unknown }).isAdmin).toBeUndefined()
    } finally {
      await cache.close()
    }
  })
})
