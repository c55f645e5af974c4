import { describe, expectTypeOf, it } from 'vitest'
import type { Cluster, Redis } from 'ioredis'
import type { ExtendedCache } from '@cachex-js/core'
import { type RedisCache, type CachePipeline, type ClientFactory, type RedisCacheConfig } from '@cachex-js/redis-client'

// A type test: checked by `tsc` (pnpm typecheck), never run; expectTypeOf fails the type check.
declare const cache: RedisCache

describe('RedisCache types', () => {
  it('is an ExtendedCache with the contract overloads', () => {
    expectTypeOf(cache).toExtend<ExtendedCache>()
    expectTypeOf(cache.incr('k', 1n)).toEqualTypeOf<Promise<bigint>>()
    expectTypeOf(cache.incr('k')).toEqualTypeOf<Promise<number>>()
    expectTypeOf(cache.getOrSet('k', () => ({ id: 1 }))).toEqualTypeOf<Promise<{ id: number }>>()
    expectTypeOf(cache.set<string>('k', 'v', 60, { get: true })).toEqualTypeOf<Promise<string | undefined>>()
  })

  it('exposes the connection, pipelines and the config shape', () => {
    expectTypeOf(cache.getConnection()).toEqualTypeOf<Redis | Cluster>()
    expectTypeOf(cache.pipeline().get('a').set('b', 1)).toEqualTypeOf<CachePipeline>()
    expectTypeOf(cache.pipeline().exec()).toEqualTypeOf<Promise<unknown[]>>()
    expectTypeOf<{ location: string; options: { socketTimeout: number } }>().toExtend<RedisCacheConfig>()
    expectTypeOf<{ location: Redis[] }>().toExtend<RedisCacheConfig>()
    expectTypeOf<ClientFactory>().parameter(0).toHaveProperty('endpoints')
  })
})
