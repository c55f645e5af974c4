/**
 * The type of what `createCache` returns: one object carrying every method of CONTRACT sections 4-8.
 */
import type { LockMethods } from '@cachex-js/lock'
import type { RedisCache } from '@cachex-js/redis-client'
import type { StructureMethods } from '@cachex-js/structures'

/**
 * A cachex cache: the Django cache API and the Redis extensions (`RedisCache`: sections 4, 5 and 7,
 * plus `pipeline()`, `getConnection()` and `makeKey()`), the data structures (`hset`, `zadd`, `lpush`,
 * `sadd`... section 6) and locks (`lock()`, `withLock()`, section 8), on one object.
 *
 * It is a `RedisCache` instance (`cache instanceof RedisCache` holds) with the structure and lock methods
 * added; those methods do not use `this`, so they may be destructured.
 */
export interface CachexCache extends RedisCache, StructureMethods, LockMethods {}
