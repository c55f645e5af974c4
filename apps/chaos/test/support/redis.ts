/**
 * Test support: dedicated Redis servers (every destructive test gets its own, never the shared ones and
 * never 127.0.0.1:6379), plain admin clients, caches closed when the test ends.
 */
import { randomBytes } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import { onTestFinished } from 'vitest'
import { startStandalone, type RedisStandalone, type StandaloneOptions } from '@cachex-js/testkit/redis'
import { RedisCache, type RedisCacheConfig } from '@cachex-js/redis-client'

/** A prefix no other test uses. */
export function uniquePrefix(label = 'chaos'): string {
  return `${label}-${randomBytes(4).toString('hex')}`
}

/** A dedicated redis-server; stop it with `stopServer` (it may be SIGSTOPped: SIGKILL works anyway). */
export function dedicatedServer(options: StandaloneOptions = {}): Promise<RedisStandalone> {
  return startStandalone(options)
}

/** Stops a dedicated server, whatever state a chaos test left it in. */
export async function stopServer(server: RedisStandalone | undefined): Promise<void> {
  if (server === undefined) return
  if (server.primary.running) {
    try {
      server.primary.kill('SIGCONT')
    } catch {
      // it exited meanwhile
    }
  }
  await server.stop()
}

/** A RedisCache closed when the current test ends. */
export function testCache(config: RedisCacheConfig): RedisCache {
  const cache = new RedisCache(config)
  onTestFinished(() => cache.close())
  return cache
}

/** A plain ioredis client, as an operator or another program would use; disconnected when the test ends. */
export function adminClient(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 50, 500), ...options })
  client.on('error', () => undefined)
  onTestFinished(() => {
    client.disconnect()
  })
  return client
}
