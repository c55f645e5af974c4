/** Telling an ioredis client from a location string. */
import type { Cluster, Redis } from 'ioredis'

/** True for an ioredis `Redis` or `Cluster` instance (duck-typed, so a second copy of ioredis works too). */
export function isRedisClient(value: unknown): value is Redis | Cluster {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as { status?: unknown; callBuffer?: unknown; on?: unknown }
  return (
    typeof candidate.status === 'string' &&
    typeof candidate.callBuffer === 'function' &&
    typeof candidate.on === 'function'
  )
}
