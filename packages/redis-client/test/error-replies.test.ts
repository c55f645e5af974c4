// What each kind of Redis error reply becomes (normalizeError), and which ones ignoreExceptions absorbs:
// only replies meaning "this server cannot serve you now" (E_CONNECTION); a command the server rejects as
// sent (CROSSSLOT, ERR syntax error, a bad argument) is E_NOT_SUPPORTED and always rejects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import type { RedisCache } from '@cachex-js/redis-client'
import { clusterCache } from './support/cluster.js'
import { sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'

const { standalone, replication } = sharedRedis()

/** Runs one raw command through the cache's runner and guard (as every method does), with a fallback. */
function guarded(cache: RedisCache, name: string, args: string[]): Promise<unknown> {
  const { runner, commands, topology } = cache.context
  const context = { operation: 'test' }
  return runner.guard(
    context,
    () => commands.call(topology.writer(), name, args, context),
    () => 'fallback',
  )
}

describe('error replies', () => {
  it('ERR syntax error and bad arguments are E_NOT_SUPPORTED, never swallowed by ignoreExceptions', async () => {
    const lenient = testCache({
      location: standalone.url,
      keyPrefix: uniquePrefix(),
      options: { ignoreExceptions: true },
    })
    const error = await guarded(lenient, 'SET', ['k', 'v', 'BOGUS']).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'E_NOT_SUPPORTED', context: { reply: 'ERR' } })
    expect((error as Error).message).toMatch(/syntax error/)
    expect((error as Error).cause).toMatchObject({ name: 'ReplyError' })
    // Through the public API: an expiry Redis refuses (inside a script) rejects instead of resolving false.
    await lenient.set('k', 1)
    await expect(lenient.expire('k', 9_223_372_000_000_000)).rejects.toMatchObject({ code: 'E_NOT_SUPPORTED' })
    expect(await lenient.get('k')).toBe(1)
  })

  it('READONLY (a replica taking writes) is E_CONNECTION, absorbed by ignoreExceptions', async () => {
    const location = replication.replicas[0]!.url
    const strict = testCache({ location, keyPrefix: uniquePrefix() })
    await expect(strict.set('k', 1)).rejects.toMatchObject({ code: 'E_CONNECTION', context: { reply: 'READONLY' } })
    const lenient = testCache({ location, keyPrefix: uniquePrefix(), options: { ignoreExceptions: true } })
    expect(await lenient.set('k', 1)).toBe(false)
    expect(await lenient.setMany({ a: 1, b: 2 })).toEqual(['a', 'b'])
  })

  it('CROSSSLOT on a cluster is E_NOT_SUPPORTED naming hash tags, never swallowed', async () => {
    const cache = clusterCache({ options: { ignoreExceptions: true } })
    const error = await guarded(cache, 'MGET', [cache.makeKey('a'), cache.makeKey('b')]).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'E_NOT_SUPPORTED', context: { reply: 'CROSSSLOT' } })
    expect((error as Error).message).toMatch(/hash tag/)
    expect(await guarded(cache, 'MGET', [cache.makeKey('{t}a'), cache.makeKey('{t}b')])).toEqual([null, null])
  })

  describe('on a server out of memory (maxmemory, noeviction)', () => {
    let server: RedisStandalone
    beforeAll(async () => {
      server = await startStandalone({ config: ['maxmemory 1', 'maxmemory-policy noeviction'] })
    })
    afterAll(() => server?.stop())

    it('OOM is E_CONNECTION (also inside MULTI: EXECABORT reports the refusal), absorbed by ignoreExceptions', async () => {
      const strict = testCache({ location: server.url, keyPrefix: uniquePrefix() })
      await expect(strict.set('k', 1)).rejects.toMatchObject({ code: 'E_CONNECTION', context: { reply: 'OOM' } })
      await expect(strict.setMany({ a: 1, b: 2 })).rejects.toMatchObject({
        code: 'E_CONNECTION',
        context: { reply: 'OOM' },
      })
      expect(await strict.get('k', 'miss')).toBe('miss') // reads still work
      const lenient = testCache({
        location: server.url,
        keyPrefix: uniquePrefix(),
        options: { ignoreExceptions: true },
      })
      expect(await lenient.setMany({ a: 1, b: 2 })).toEqual(['a', 'b'])
      expect(await lenient.add('k', 1)).toBe(false)
    })
  })
})
