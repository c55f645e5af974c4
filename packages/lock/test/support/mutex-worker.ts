/**
 * A separate process for the mutual-exclusion test: runs `iterations` critical sections, each a deliberately
 * non-atomic read-modify-write of a counter (get, yield, set) under the cache lock.
 * argv: url keyPrefix iterations [unlocked] (the control run skips the lock to show the race is real)
 */
import { RedisCache } from '@cachex-js/redis-client'
import { withLocks } from '@cachex-js/lock'

const [url, keyPrefix, iterations, mode] = process.argv.slice(2)
const locked = mode !== 'unlocked'
const cache = withLocks(new RedisCache({ location: url!, keyPrefix: keyPrefix! }))

for (let i = 0; i < Number(iterations); i++) {
  const lock = cache.lock('counter-lock', { timeout: 10, sleep: 0.002 })
  if (locked && !(await lock.acquire())) throw new Error('acquire returned false while blocking forever')
  const current = (await cache.get<number>('counter')) ?? 0
  await new Promise((resolve) => setImmediate(resolve)) // widen the race window
  await cache.set('counter', current + 1, null)
  if (locked) await lock.release()
}
await cache.close()
