/**
 * The key of a lock's fencing counter. It must live in the lock key's cluster slot so one Lua script can
 * set the lock and bump the counter atomically: a key with a hash tag keeps that tag when suffixed; a key
 * without one becomes the tag of the counter key (`{lockKey}:fence` hashes exactly like `lockKey`).
 */
export function fenceKey(lockKey: string): string {
  return hasHashTag(lockKey) || lockKey.includes('}') ? `${lockKey}:fence` : `{${lockKey}}:fence`
}

/** True when Redis Cluster would hash only a `{tag}` inside the key (a non-empty one, the first `{...}`). */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf('{')
  if (open === -1) return false
  const close = key.indexOf('}', open + 1)
  return close > open + 1
}
