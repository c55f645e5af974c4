/**
 * A Redis filled to `maxmemory` with `noeviction` refuses writes (`OOM` replies): cachex reports them as
 * `E_CONNECTION` with the reply and cause (or resolves the ignoreExceptions defaults), writes nothing half-way,
 * keeps reading, and writes again once memory is freed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { reportFigure } from './support/figures.js'
import { watchProcess } from './support/process-health.js'
import { adminClient, dedicatedServer, stopServer, testCache, uniquePrefix } from './support/redis.js'

const VALUE = { blob: 'x'.repeat(16 * 1024) }

describe('maxmemory with noeviction', () => {
  let server: RedisStandalone
  beforeAll(async () => {
    server = await dedicatedServer({ config: ['maxmemory 4mb', 'maxmemory-policy noeviction'] })
  })
  afterAll(() => stopServer(server))

  it('refuses writes cleanly, keeps serving reads, and writes again once memory is freed', async () => {
    const health = watchProcess()
    const prefix = uniquePrefix()
    const cache = testCache({ location: server.url, keyPrefix: prefix, options: { socketTimeout: 2 } })
    const lenient = testCache({
      location: server.url,
      keyPrefix: prefix,
      options: {
        socketTimeout: 2,
        ignoreExceptions: true,
        logger: { error: () => undefined, warn: () => undefined, debug: () => undefined },
      },
    })
    const admin = adminClient(server.url)
    await cache.set('counter', 1, null)

    // Fill until the first write is refused.
    let stored = 0
    let refusal: unknown
    for (; stored < 10_000; stored++) {
      try {
        await cache.set(`fill-${stored}`, VALUE, null)
      } catch (error) {
        refusal = error
        break
      }
    }
    expect(refusal, 'Redis refused a write before 10,000 x 16 KB').toBeDefined()
    expect(refusal).toMatchObject({ code: 'E_CONNECTION', context: { reply: 'OOM', operation: 'set' } })
    expect(String((refusal as Error).cause)).toMatch(/OOM/)
    expect(await admin.exists(cache.makeKey(`fill-${stored}`)), 'the refused set wrote nothing').toBe(0)

    // Every kind of write is refused with E_CONNECTION, and leaves nothing behind.
    const newKeys = ['a', 'b', 'c', 'd']
    // setMany reports the refusal (E_CONNECTION) or resolves the keys it could not store: here, all of them
    const many = await cache.setMany(Object.fromEntries(newKeys.map((k) => [k, VALUE]))).then(
      (failed) => ({ failed }),
      (error: unknown) => ({ error }),
    )
    if ('failed' in many) expect([...many.failed].sort()).toEqual(newKeys)
    else expect(many.error).toMatchObject({ code: 'E_CONNECTION' })
    await expect(cache.add('added', VALUE)).rejects.toMatchObject({ code: 'E_CONNECTION' })
    await expect(cache.incr('counter')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    await expect(cache.getOrSet('computed', () => VALUE, 60)).rejects.toMatchObject({ code: 'E_CONNECTION' })
    for (const key of [...newKeys, 'added', 'computed']) {
      expect(await admin.exists(cache.makeKey(key)), `${key} half-written`).toBe(0)
    }
    expect(await admin.keys(`__cachex_lease__:*`), 'no lease left behind').toEqual([])
    expect(await admin.get(cache.makeKey('counter'))).toBe('1')

    // Under ignoreExceptions the same refusals resolve the documented defaults.
    expect(await lenient.set('lenient', VALUE)).toBe(false)
    expect(await lenient.setMany({ x: VALUE, y: VALUE })).toEqual(['x', 'y'])
    expect(await lenient.add('lenient', VALUE)).toBe(false)
    expect(await lenient.getOrSet('lenient-computed', () => 'uncached', 60)).toBe('uncached')
    expect(await admin.exists(cache.makeKey('x'), cache.makeKey('y'), cache.makeKey('lenient'))).toBe(0)

    // Reads keep working.
    expect(await cache.get('fill-0')).toEqual(VALUE)
    expect(await lenient.get(`fill-${stored - 1}`)).toEqual(VALUE)
    expect(Object.keys(await cache.getMany(['fill-0', 'fill-1', 'a']))).toEqual(['fill-0', 'fill-1'])
    expect(await cache.hasKey('fill-0')).toBe(true)
    expect(await cache.get('counter')).toBe(1)

    // Deleting frees memory (UNLINK is allowed at maxmemory); then the same caches write again.
    const freed = await cache.deleteMany(Array.from({ length: Math.ceil(stored / 2) }, (_, i) => `fill-${i}`))
    expect(freed).toBe(Math.ceil(stored / 2))
    expect(await cache.set('after', VALUE)).toBe(true)
    expect(await cache.setMany({ a: 1, b: 2 })).toEqual([])
    expect(await cache.incr('counter')).toBe(2)
    expect(await lenient.set('lenient', VALUE)).toBe(true)
    expect(await lenient.get('lenient')).toEqual(VALUE)

    health.stop()
    reportFigure('maxmemory noeviction', {
      storedBeforeRefusal: stored,
      refusedWrites: 5,
      lenientDefaults: 4,
      readsAfterRefusal: 'ok',
      writesAfterFreeing: 'ok',
      unhandledRejections: health.unhandledRejections.length,
    })
    expect(health.unhandledRejections).toEqual([])
    expect(health.uncaughtExceptions).toEqual([])
  })
})
