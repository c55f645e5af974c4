import { describe, expectTypeOf, it } from 'vitest'
import type { RedisCache } from '@cachex-js/redis-client'
import { atVersion, withStructures, type ScoredMember, type StructureMethods } from '@cachex-js/structures'

// A type test: checked by `tsc` (pnpm typecheck), never run; expectTypeOf fails the type check.
declare const s: StructureMethods
declare const cache: RedisCache

describe('structure method types', () => {
  it('withStructures keeps the cache type and adds the methods', () => {
    const augmented = withStructures(cache)
    expectTypeOf(augmented).toEqualTypeOf<RedisCache & StructureMethods>()
    expectTypeOf(augmented.get('k')).toEqualTypeOf<Promise<unknown>>()
  })

  it('hash results', () => {
    expectTypeOf(s.hget<string>('h', 'f')).toEqualTypeOf<Promise<string | undefined>>()
    expectTypeOf(s.hgetall<number>('h')).toEqualTypeOf<Promise<Record<string, number>>>()
    expectTypeOf(s.hmget<string>('h', 'a', 'b', { version: 2 })).toEqualTypeOf<Promise<Array<string | undefined>>>()
    expectTypeOf(s.hincrby('h', 'f')).toEqualTypeOf<Promise<number>>()
    expectTypeOf(s.hincrby('h', 'f', 1n)).toEqualTypeOf<Promise<bigint>>()
    expectTypeOf(s.hexists('h', 'f')).toEqualTypeOf<Promise<boolean>>()
    // @ts-expect-error fields are strings
    void s.hdel('h', 1)
  })

  it('sorted set results', () => {
    expectTypeOf(s.zadd('z', { a: 1 })).toEqualTypeOf<Promise<number>>()
    expectTypeOf(s.zadd('z', { a: 1 }, { incr: true })).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(s.zrange<string>('z', 0, -1)).toEqualTypeOf<Promise<string[]>>()
    expectTypeOf(s.zrange<string>('z', 0, -1, { withscores: true })).toEqualTypeOf<
      Promise<Array<ScoredMember<string>>>
    >()
    expectTypeOf(s.zrangebyscore<string>('z', '-inf', 3, { withscores: true })).toEqualTypeOf<
      Promise<Array<[member: string, score: number]>>
    >()
    expectTypeOf(s.zscore('z', 'a')).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(s.zpopmin<string>('z')).toEqualTypeOf<Promise<Array<ScoredMember<string>>>>()
  })

  it('list and set results, with and without a count', () => {
    expectTypeOf(s.lpop<string>('l')).toEqualTypeOf<Promise<string | undefined>>()
    expectTypeOf(s.lpop<string>('l', 2)).toEqualTypeOf<Promise<string[]>>()
    expectTypeOf(s.rpop<string>('l', { version: 2 })).toEqualTypeOf<Promise<string | undefined>>()
    expectTypeOf(s.lpos('l', 'x')).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(s.lpos('l', 'x', { count: 0 })).toEqualTypeOf<Promise<number[]>>()
    expectTypeOf(s.lmove<string>('a', 'b', 'LEFT', 'RIGHT')).toEqualTypeOf<Promise<string | undefined>>()
    expectTypeOf(s.rpush('l', 1, { any: 'value' }, atVersion(2))).toEqualTypeOf<Promise<number>>()
    expectTypeOf(s.spop<number>('s')).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(s.srandmember<number>('s', -3)).toEqualTypeOf<Promise<number[]>>()
    expectTypeOf(s.sinter<string>('a', 'b', { version: 2 })).toEqualTypeOf<Promise<string[]>>()
    expectTypeOf(s.smismember('s', 'a', 'b')).toEqualTypeOf<Promise<boolean[]>>()
    // @ts-expect-error sides are 'LEFT' or 'RIGHT'
    void s.lmove('a', 'b', 'UP')
  })
})
