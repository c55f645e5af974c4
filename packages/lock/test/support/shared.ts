/** Test support: the run's shared Redis topologies, caches and clients closed when a test ends. */
import { randomBytes } from 'node:crypto'
import { Cluster, Redis } from 'ioredis'
import { inject, onTestFinished } from 'vitest'
import type {} from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'
import { withLocks } from '@cachex-js/lock'

export function topologies() {
  const info = inject('cachexRedis')
  if (!info?.standalone || !info.sentinel || !info.cluster) {
    throw new Error('the shared Redis topologies are missing (the root vitest globalSetup starts them)')
  }
  return { standalone: info.standalone, sentinel: info.sentinel, cluster: info.cluster }
}

export function uniqueName(label = 'lock'): string {
  return `${label}-${randomBytes(4).toString('hex')}`
}

/** A RedisCache with lock methods on the shared standalone server, closed when the test ends. */
export function lockingCache(keyPrefix = uniqueName('lk')) {
  const cache = withLocks(new RedisCache({ location: topologies().standalone.url, keyPrefix }))
  onTestFinished(() => cache.close())
  return cache
}

/** Plain ioredis clients for each topology, as a user might pass to `new Lock(client, ...)`. */
export function plainClients(): Record<'standalone' | 'sentinel' | 'cluster', () => Redis | Cluster> {
  const { standalone, sentinel, cluster } = topologies()
  const track = <C extends Redis | Cluster>(client: C): C => {
    client.on('error', () => undefined)
    onTestFinished(() => {
      client.disconnect()
    })
    return client
  }
  return {
    standalone: () => track(new Redis(standalone.url)),
    sentinel: () => track(new Redis({ sentinels: sentinel.sentinels, name: sentinel.name })),
    cluster: () => track(new Cluster(cluster.startupNodes)),
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
