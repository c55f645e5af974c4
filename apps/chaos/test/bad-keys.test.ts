/**
 * Keys, property-based (fast-check), on a dedicated Redis: any well-formed Unicode string (astral planes,
 * glob characters, colons, NUL, the empty string) and huge keys work and never collide; anything that is
 * not a string is `E_INVALID_KEY` from every method — a rejection, never a synchronous throw — and sends
 * nothing.
 */
import fc from 'fast-check'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { MemoryCache, type ExtendedCache } from '@cachex-js/core'
import { nonStringKey, unicodeKey } from './support/arbitraries.js'
import { reportFigure } from './support/figures.js'
import { watchProcess } from './support/process-health.js'
import { adminClient, dedicatedServer, stopServer, testCache, uniquePrefix } from './support/redis.js'

const RUNS = 100
let server: RedisStandalone
const health = watchProcess()
const counts = { keysTried: 0, invalidKeysRefused: 0 }

beforeAll(async () => {
  server = await dedicatedServer()
})
afterAll(async () => {
  health.stop()
  reportFigure('bad keys', { ...counts, unhandledRejections: health.unhandledRejections.length })
  await stopServer(server)
  expect(health.unhandledRejections).toEqual([])
})

/** Every method that takes a key, called with `key`. Each must return a promise (never throw synchronously). */
function callsWithKey(cache: ExtendedCache, key: unknown): [string, () => Promise<unknown>][] {
  const k = key as string
  return [
    ['get', () => cache.get(k)],
    ['set', () => cache.set(k, 1)],
    ['add', () => cache.add(k, 1)],
    ['delete', () => cache.delete(k)],
    ['hasKey', () => cache.hasKey(k)],
    ['incr', () => cache.incr(k)],
    ['decr', () => cache.decr(k)],
    ['touch', () => cache.touch(k, 10)],
    ['incrVersion', () => cache.incrVersion(k)],
    ['ttl', () => cache.ttl(k)],
    ['pttl', () => cache.pttl(k)],
    ['expire', () => cache.expire(k, 10)],
    ['persist', () => cache.persist(k)],
    ['getOrSet', () => cache.getOrSet(k, () => 1, 10)],
    ['getMany', () => cache.getMany(['fine', k])],
    [
      'setMany (Map)',
      () =>
        cache.setMany(
          new Map([
            ['fine', 1],
            [k, 2],
          ]),
        ),
    ],
    [
      'setMany (entries)',
      () =>
        cache.setMany([
          ['fine', 1],
          [k, 2],
        ]),
    ],
    ['deleteMany', () => cache.deleteMany(['fine', k])],
  ]
}

describe.each([
  ['RedisCache', () => testCache({ location: server.url, keyPrefix: uniquePrefix('keys') })],
  ['MemoryCache', () => new MemoryCache({})],
] as const)('%s', (_name, makeCache) => {
  it('stores and finds any Unicode key (empty, glob characters, astral planes) without collisions', async () => {
    const cache = makeCache()
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(unicodeKey, { minLength: 1, maxLength: 4 }), async (keys) => {
        await cache.clear()
        for (const [i, key] of keys.entries()) expect(await cache.set(key, { i, key })).toBe(true)
        for (const [i, key] of keys.entries()) {
          expect(await cache.get(key)).toEqual({ i, key })
          expect(await cache.hasKey(key)).toBe(true)
        }
        expect((await cache.keys()).sort()).toEqual([...keys].sort())
        expect(Object.keys(await cache.getMany(keys)).sort()).toEqual([...keys].sort())
        expect(await cache.deleteMany(keys)).toBe(keys.length)
        counts.keysTried += keys.length
      }),
      { numRuns: RUNS },
    )
  })

  it('rejects every non-string key with E_INVALID_KEY, as a rejection, from every method', async () => {
    const cache = makeCache()
    await cache.set('fine', 'untouched')
    await fc.assert(
      fc.asyncProperty(nonStringKey, async (key) => {
        for (const [name, call] of callsWithKey(cache, key)) {
          let promise: Promise<unknown>
          try {
            promise = call()
          } catch (error) {
            throw new Error(`${name} threw synchronously instead of rejecting: ${String(error)}`)
          }
          await expect(promise, name).rejects.toMatchObject({ code: 'E_INVALID_KEY', name: 'InvalidKeyError' })
          counts.invalidKeysRefused++
        }
        expect(() => cache.makeKey(key as string)).toThrow(expect.objectContaining({ code: 'E_INVALID_KEY' }))
      }),
      { numRuns: 50 },
    )
    // nothing was written or deleted by the refused calls
    expect(await cache.get('fine')).toBe('untouched')
    expect(await cache.keys()).toEqual(['fine'])
  })

  it('rejects keys holding a lone surrogate with E_INVALID_KEY (UTF-8 cannot tell them apart)', async () => {
    const cache = makeCache()
    await cache.set('\uFFFD', 'replacement character')
    const loneSurrogate = fc
      .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 8 }))
      .map(([before, unit, after]) => `${before}${String.fromCharCode(unit)}${after}`)
      .filter((key) => !(key as unknown as { isWellFormed(): boolean }).isWellFormed())
    await fc.assert(
      fc.asyncProperty(loneSurrogate, async (key) => {
        for (const [name, call] of callsWithKey(cache, key)) {
          await expect(call(), name).rejects.toMatchObject({ code: 'E_INVALID_KEY' })
          counts.invalidKeysRefused++
        }
      }),
      { numRuns: 50 },
    )
    // before the fix, set('\uD800') overwrote the key '\uFFFD' (and '\uDC00' read it back) on Redis
    expect(await cache.get('\uFFFD')).toBe('replacement character')
    expect(await cache.keys()).toEqual(['\uFFFD'])
  })
})

describe('huge keys', () => {
  let admin: Redis
  it('a 4 MiB key of random Unicode works for every kind of call', async () => {
    admin = adminClient(server.url)
    const prefix = uniquePrefix('huge')
    const cache = testCache({ location: server.url, keyPrefix: prefix })
    const [unit] = fc.sample(fc.string({ unit: 'binary', minLength: 4096, maxLength: 4096 }), { numRuns: 1, seed: 42 })
    const key = unit!.repeat(Math.ceil((4 * 1024 * 1024) / Buffer.byteLength(unit!)))
    expect(Buffer.byteLength(key)).toBeGreaterThanOrEqual(4 * 1024 * 1024)
    expect(await cache.set(key, 'big key')).toBe(true)
    expect(await cache.get(key)).toBe('big key')
    expect(await cache.getMany([key, 'other'])).toEqual({ [key]: 'big key' })
    const listed = await cache.keys()
    expect(listed.length === 1 && listed[0] === key, 'keys() lists the huge key').toBe(true)
    expect(await cache.incrVersion(key)).toBe(2)
    expect(await cache.get(key, undefined, { version: 2 })).toBe('big key')
    expect(await cache.getOrSet(`${key}!`, () => 'computed', 60)).toBe('computed')
    expect(await admin.keys('__cachex_lease__:*')).toEqual([])
    expect(await cache.delete(key, { version: 2 })).toBe(true)
    expect(await cache.deleteMany([`${key}!`])).toBe(1)
    expect(await admin.keys(`${prefix}*`)).toEqual([])
  })
})
