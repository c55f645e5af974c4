/**
 * Composition: the structure methods of a RedisCache as one object, to use alone or to put on a cache
 * object of your own (the `cachex` package does that for its caches).
 */
import type { RedisCache } from '@cachex-js/redis-client'
import { hashCommands, type HashCommands } from './hash-commands.js'
import { listCommands, type ListCommands } from './list-commands.js'
import { setCommands, type SetCommands } from './set-commands.js'
import { sortedSetCommands, type SortedSetCommands } from './sorted-set-commands.js'
import { StructureRunner } from './structure-runner.js'

/** Every structure method: hashes, sorted sets, lists and sets. */
export interface StructureMethods extends HashCommands, SortedSetCommands, ListCommands, SetCommands {}

/** The names of every structure method, e.g. to delegate them from another object. */
export const STRUCTURE_METHOD_NAMES = [
  'hset',
  'hdel',
  'hexists',
  'hget',
  'hgetall',
  'hincrby',
  'hincrbyfloat',
  'hlen',
  'hmget',
  'hmset',
  'hsetnx',
  'hvals',
  'hkeys',
  'zadd',
  'zcard',
  'zcount',
  'zincrby',
  'zrange',
  'zrangebyscore',
  'zrank',
  'zrevrank',
  'zrem',
  'zremrangebyrank',
  'zscore',
  'zmscore',
  'zpopmin',
  'zpopmax',
  'llen',
  'lpush',
  'rpush',
  'lpop',
  'rpop',
  'lindex',
  'lrange',
  'lset',
  'ltrim',
  'lrem',
  'lpos',
  'lmove',
  'sadd',
  'srem',
  'smembers',
  'sismember',
  'smismember',
  'scard',
  'spop',
  'srandmember',
  'sinter',
  'sunion',
  'sdiff',
] as const satisfies ReadonlyArray<keyof StructureMethods>

/**
 * Builds the structure methods of `cache`: keys made with its key function and version, values with its
 * codec, commands sent through its topology with its timeouts and `ignoreExceptions`. The methods do not
 * use `this`, so they can be destructured or copied onto any object.
 *
 * @example
 * const { zadd, zrange } = structureMethods(cache)
 * await zadd('board', { ada: 10, alan: 7 })
 */
export function structureMethods(cache: RedisCache): StructureMethods {
  const runner = new StructureRunner(cache)
  return {
    ...hashCommands(runner),
    ...sortedSetCommands(runner),
    ...listCommands(runner),
    ...setCommands(runner),
  }
}

/**
 * Returns `cache` with the structure methods added (the same object, augmented and typed).
 *
 * @example
 * const cache = withStructures(new RedisCache({ location: 'redis://127.0.0.1:6379/0' }))
 * await cache.hset('user:1', 'name', 'Ada')
 */
export function withStructures<C extends RedisCache>(cache: C): C & StructureMethods {
  return Object.assign(cache, structureMethods(cache))
}
