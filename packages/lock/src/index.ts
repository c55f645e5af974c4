export { Lock, type LockOptions, type AcquireOptions } from './lock.js'
export { withLock, type WithLockOptions } from './with-lock.js'
export { fenceKey, hasHashTag } from './fence-key.js'
export type { LockClient } from './scripts.js'
export {
  lockMethods,
  withLocks,
  DEFAULT_WITH_LOCK_TIMEOUT,
  type CacheLockOptions,
  type LockMethods,
} from './cache-locks.js'
