import { describe, expectTypeOf, it } from 'vitest'
import {
  caches,
  configureCaches,
  createCache,
  getRedisConnection,
  type CachexCache,
  type ExtendedCache,
  type Lock,
  type RedisClient,
  type StructureMethods,
  type LockMethods,
} from 'cachex'

// A type test: checked by `tsc` (pnpm typecheck), never run; expectTypeOf fails the type check.
declare const cache: CachexCache

describe('CachexCache types', () => {
  it('is an ExtendedCache with the structure and lock methods', () => {
    expectTypeOf(cache).toMatchTypeOf<ExtendedCache>()
    expectTypeOf(cache).toMatchTypeOf<StructureMethods>()
    expectTypeOf(cache).toMatchTypeOf<LockMethods>()
    expectTypeOf(createCache({ location: 'redis://127.0.0.1:6379/0' })).toEqualTypeOf<CachexCache>()
  })

  it('keeps the generics of sections 4-8', () => {
    expectTypeOf(cache.getOrSet('k', () => ({ id: 1 }))).toEqualTypeOf<Promise<{ id: number }>>()
    expectTypeOf(cache.get<string>('k')).toEqualTypeOf<Promise<string | undefined>>()
    expectTypeOf(cache.incr('k', 10n)).toEqualTypeOf<Promise<bigint>>()
    expectTypeOf(cache.hget<number>('h', 'f')).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(cache.zscore('z', 'm')).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(cache.lpop<string>('l', 2)).toEqualTypeOf<Promise<string[]>>()
    expectTypeOf(cache.sismember('s', 'm')).toEqualTypeOf<Promise<boolean>>()
    expectTypeOf(cache.lock('k')).toEqualTypeOf<Lock>()
    expectTypeOf(cache.withLock('k', () => 5)).toEqualTypeOf<Promise<number>>()
    expectTypeOf(cache.iterKeys('*')).toEqualTypeOf<AsyncIterable<string>>()
  })

  it('types the registry and connections', () => {
    const configured = configureCaches({ default: { location: 'redis://x' }, sessions: { location: 'redis://y' } })
    expectTypeOf(configured.sessions).toEqualTypeOf<CachexCache>()
    expectTypeOf(caches.get('sessions')).toEqualTypeOf<CachexCache>()
    expectTypeOf(caches.default).toEqualTypeOf<CachexCache | undefined>()
    expectTypeOf(getRedisConnection('default', false)).toEqualTypeOf<RedisClient>()
  })

  it('rejects options that do not exist', () => {
    // @ts-expect-error: PICKLE_VERSION has no meaning in Node
    createCache({ location: 'redis://x', options: { pickleVersion: 4 } })
    // @ts-expect-error: unknown option
    createCache({ location: 'redis://x', options: { serialiser: 'json' } })
  })
})
