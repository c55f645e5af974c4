import { describe, expectTypeOf, it } from 'vitest'
import type { Cluster, Redis } from 'ioredis'
import type { ExtendedCache } from '@cachex-js/core'
import {
  type RedisCache,
  type CachePipeline,
  type ClientFactory,
  type KeyGroup,
  type RedisCacheConfig,
} from '@cachex-js/redis-client'

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

  it('types the sentinel and cluster options', () => {
    expectTypeOf<{
      location: string
      options: {
        client: 'sentinel'
        sentinels: { host: string; port: number }[]
        sentinelName: string
        sentinelOptions: { username: string; password: string; tls: true }
      }
    }>().toExtend<RedisCacheConfig>()
    expectTypeOf<{
      location: string[]
      options: {
        client: 'cluster'
        clusterOptions: { scaleReads: 'all' }
        natMap: Record<string, { host: string; port: number }>
      }
    }>().toExtend<RedisCacheConfig>()
    expectTypeOf<{ location: Cluster }>().toExtend<RedisCacheConfig>()
    expectTypeOf<{ options: { sentinels: string[] } }>().not.toExtend<Pick<RedisCacheConfig, 'options'>>()
    expectTypeOf<KeyGroup>().toHaveProperty('slots').toEqualTypeOf<number[][] | undefined>()
  })
})
