export { Lock, type LockOptions, type AcquireOptions } from './lock.js'
export { withLock, type WithLockOptions } from './with-lock.js'
export { fenceKey, hasHashTag } from './fence-key.js'
export type { LockClient } from './scripts.js'
