import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

const { standalone } = sharedRedis()

describe('values as Redis stores them', () => {
  it('stores integers as plain decimal text that redis-cli and other clients read', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    await cache.set('count', 42)
    await cache.set('negative', -7)
    const fullKey = cache.makeKey('count')
    const cli = execFileSync('redis-cli', ['-p', String(standalone.port), 'GET', fullKey], { encoding: 'utf8' })
    expect(cli.trim()).toBe('42')
    const other = plainClient(standalone.url)
    expect(await other.get(cache.makeKey('negative'))).toBe('-7')
    expect(await other.incrby(fullKey, 8)).toBe(50)
    expect(await cache.get('count')).toBe(50)
  })

  it('stores values as raw bytes (a Buffer round-trips byte for byte, no base64)', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix(), options: { serializer: 'json' } })
    await cache.set('doc', { a: 1, b: 'two' })
    const other = plainClient(standalone.url)
    expect(JSON.parse((await other.get(cache.makeKey('doc')))!)).toEqual({ a: 1, b: 'two' })
    const bytes = Buffer.from([0, 1, 2, 255, 254])
    const binary = testCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    await binary.set('bin', bytes)
    expect(Buffer.from((await binary.get<Uint8Array>('bin'))!)).toEqual(bytes)
  })

  it('counts beyond 2^53 exactly with bigint deltas', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    const start = 2n ** 60n
    await cache.set('big', start)
    expect(await cache.incr('big', 5n)).toBe(start + 5n)
    expect(await cache.decr('big', 2n ** 59n)).toBe(start + 5n - 2n ** 59n)
    expect(await cache.get('big')).toBe(start + 5n - 2n ** 59n)
    const other = plainClient(standalone.url)
    expect(await other.get(cache.makeKey('big'))).toBe((start + 5n - 2n ** 59n).toString())
  })

  it('maps incr failures: missing key, non-integer value, overflow, bad delta', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    await expect(cache.incr('missing')).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' })
    expect(await cache.hasKey('missing')).toBe(false) // the check and the increment are one script
    await cache.set('text', 'abc')
    await cache.set('float', 1.5)
    await cache.set('string one', '1')
    for (const key of ['text', 'float', 'string one']) {
      await expect(cache.incr(key)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    }
    await cache.set('max', 2n ** 63n - 1n)
    await expect(cache.incr('max')).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    await cache.set('n', 1)
    await expect(cache.incr('n', 1.5)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    await expect(cache.incr('n', 2n ** 64n)).rejects.toMatchObject({ code: 'E_NOT_AN_INTEGER' })
    expect(await cache.get('n')).toBe(1)
  })

  it('maps WRONGTYPE to E_WRONG_TYPE', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    const other = plainClient(standalone.url)
    await other.hset(cache.makeKey('hash'), 'field', 'value')
    await expect(cache.get('hash')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.incr('hash')).rejects.toMatchObject({ code: 'E_WRONG_TYPE' })
    await expect(cache.getMany(['hash'])).resolves.toEqual({}) // MGET reports other types as misses
  })

  it('gives E_DESERIALIZATION for bytes it cannot decode', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    const other = plainClient(standalone.url)
    await other.set(cache.makeKey('junk'), Buffer.from([0, 1, 3, 0x7a, 0x7a, 0x7a, 0]))
    await expect(cache.get('junk')).rejects.toMatchObject({ code: 'E_DESERIALIZATION' })
  })
})
