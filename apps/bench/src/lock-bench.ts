/**
 * Lock latency: one uncontended acquire + release per operation (a fresh key each time), for the cachex
 * `Lock` on a raw ioredis client, the lock a cache hands out (`withLocks(cache).lock`, through the
 * cache's command runner), and redis-semaphore's `Mutex`; all on ioredis with auto-pipelining.
 */
import { measure, type Operation } from './measure.js'
import type { Durations } from './plan.js'
import type { LockResult } from './results.js'
import type { SystemContext } from './systems/system.js'

interface LockSystem {
  id: string
  label: string
  operation: Operation
}

/** Options of {@link runLockBench}. */
export interface LockBenchOptions {
  context: SystemContext
  concurrency: number[]
  durations: Durations
  /** How many times each cell runs (the main process keeps the best). */
  rounds: number
  /** Receives each result as it comes. */
  report: (result: LockResult) => void
}

/** Runs every lock system at every concurrency, `rounds` times, reporting each result as it comes. */
export async function runLockBench(options: LockBenchOptions): Promise<void> {
  const { context, concurrency, durations, rounds, report } = options
  const { Redis } = await import('ioredis')
  const { Lock, withLocks } = await import('@cachex-js/lock')
  const { RedisCache } = await import('@cachex-js/redis-client')
  const { Mutex } = await import('redis-semaphore')
  const client = new Redis({ host: context.host, port: context.port, enableAutoPipelining: true })
  const cache = withLocks(
    new RedisCache({
      location: context.url,
      keyPrefix: context.prefix,
      options: { connectionOptions: { enableAutoPipelining: true } },
    }),
  )
  await Promise.all([client.ping(), cache.set('__warm__', 1)])
  const key = (name: string, i: number) => `${context.prefix}lock:${name}:${i}`
  const systems: LockSystem[] = [
    {
      id: 'cachex-lock',
      label: 'cachex Lock (ioredis client)',
      operation: async (i) => {
        const lock = new Lock(client, key('cachex', i), { timeout: 10 })
        if (!(await lock.acquire({ blocking: false }))) throw new Error('not acquired')
        await lock.release()
      },
    },
    {
      id: 'cachex-cache-lock',
      label: 'cachex withLocks(cache).lock',
      operation: async (i) => {
        const lock = cache.lock(`lock:cache:${i}`, { timeout: 10 })
        if (!(await lock.acquire({ blocking: false }))) throw new Error('not acquired')
        await lock.release()
      },
    },
    {
      id: 'redis-semaphore',
      label: 'redis-semaphore Mutex',
      operation: async (i) => {
        const mutex = new Mutex(client, key('semaphore', i), {
          lockTimeout: 10_000,
          acquireAttemptsLimit: 1,
          refreshInterval: 0,
        })
        if (!(await mutex.tryAcquire())) throw new Error('not acquired')
        await mutex.release()
      },
    },
  ]
  try {
    for (let round = 0; round < rounds; round++) {
      for (const c of concurrency) {
        for (const system of systems) {
          const m = await measure(system.operation, { concurrency: c, ...durations })
          report({
            system: system.id,
            label: system.label,
            concurrency: c,
            opsPerSec: m.opsPerSec,
            p50Ms: m.p50Ms,
            p99Ms: m.p99Ms,
            errors: m.errors,
            ...(m.firstError !== undefined && { firstError: m.firstError }),
          })
        }
      }
    }
  } finally {
    await cache.close()
    await client.quit()
  }
}
