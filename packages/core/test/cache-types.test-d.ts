import { describe, expectTypeOf, it } from 'vitest'
import { type Cache, type ExtendedCache, MemoryCache } from '@cachex-js/core'

// A type test: checked by `tsc` (pnpm typecheck), never run; expectTypeOf fails the type check.
declare const cache: Cache

describe('Cache types', () => {
  it('getOrSet infers the value type from the factory or the value', () => {
    expectTypeOf(cache.getOrSet('k', () => 5)).toEqualTypeOf<Promise<number>>()
    expectTypeOf(cache.getOrSet('k', () => Promise.resolve({ id: 1, name: 'x' }))).toEqualTypeOf<
      Promise<{ id: number; name: string }>
    >()
    expectTypeOf(cache.getOrSet('k', 'plain')).toEqualTypeOf<Promise<string>>()
    expectTypeOf(cache.getOrSet('k', () => null, 60, { lockTimeout: 5, staleCacheTimeout: null })).toEqualTypeOf<
      Promise<null>
    >()
  })

  it('get returns T | undefined, or the type of the default', () => {
    expectTypeOf(cache.get('k')).toEqualTypeOf<Promise<unknown>>()
    expectTypeOf(cache.get<string>('k')).toEqualTypeOf<Promise<string | undefined>>()
    expectTypeOf(cache.get('k', 0)).toEqualTypeOf<Promise<number>>()
    expectTypeOf(cache.get<string, null>('k', null)).toEqualTypeOf<Promise<string | null>>()
    expectTypeOf(cache.get<string>('k', undefined, { version: 2 })).toEqualTypeOf<Promise<string | undefined>>()
  })

  it('set returns a boolean, or the previous value with get: true', () => {
    expectTypeOf(cache.set('k', 1)).toEqualTypeOf<Promise<boolean>>()
    expectTypeOf(cache.set('k', 1, null, { nx: true })).toEqualTypeOf<Promise<boolean>>()
    expectTypeOf(cache.set<number>('k', 1, undefined, { get: true })).toEqualTypeOf<Promise<number | undefined>>()
  })

  it('incr follows the delta: number or bigint', () => {
    expectTypeOf(cache.incr('k')).toEqualTypeOf<Promise<number>>()
    expectTypeOf(cache.incr('k', 2n)).toEqualTypeOf<Promise<bigint>>()
    expectTypeOf(cache.decr('k', 2)).toEqualTypeOf<Promise<number>>()
  })

  it('setMany takes a Record, a Map or entries', () => {
    expectTypeOf(cache.setMany({ a: 1 })).toEqualTypeOf<Promise<string[]>>()
    expectTypeOf(cache.setMany(new Map([['a', 1]]))).toEqualTypeOf<Promise<string[]>>()
    expectTypeOf(cache.setMany([['a', 1] as const])).toEqualTypeOf<Promise<string[]>>()
    expectTypeOf(cache.getMany<number>(['a'])).toEqualTypeOf<Promise<Record<string, number>>>()
  })

  it('MemoryCache is an ExtendedCache; makeKey is synchronous', () => {
    expectTypeOf(new MemoryCache()).toMatchTypeOf<ExtendedCache>()
    expectTypeOf(cache.makeKey('k')).toEqualTypeOf<string>()
    expectTypeOf<ExtendedCache['iterKeys']>().returns.toEqualTypeOf<AsyncIterable<string>>()
    expectTypeOf<ExtendedCache['ttl']>().returns.toEqualTypeOf<Promise<number | null>>()
  })
})
