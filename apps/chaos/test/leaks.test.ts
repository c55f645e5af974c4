/**
 * Leaks on a dedicated Redis: creating and closing 1,000 caches leaves no socket, timer or listener behind
 * (in this process and on the server); getOrSet under 1,000 concurrent callers never leaves a lease behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'
import { createCache } from 'cachex'
import { reportFigure } from './support/figures.js'
import { watchProcess } from './support/process-health.js'
import { adminClient, dedicatedServer, stopServer, testCache, uniquePrefix } from './support/redis.js'
import { sleep } from '@cachex-js/testkit'
import { until } from './support/until.js'

let server: RedisStandalone
beforeAll(async () => {
  server = await dedicatedServer()
})
afterAll(() => stopServer(server))

/** What a cache could leak: sockets (TCP, TLS, pipes) and timers, by type, from `process.getActiveResourcesInfo()`. */
const LEAKABLE = /TCP|TLS|Pipe|Timeout|Immediate|GetAddrInfo|Connect/
function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const type of process.getActiveResourcesInfo()) {
    if (LEAKABLE.test(type)) counts[type] = (counts[type] ?? 0) + 1
  }
  return counts
}

function processListeners(): Record<string, number> {
  return Object.fromEntries(process.eventNames().map((name) => [String(name), process.listenerCount(name)]))
}

describe('leaks', () => {
  it('creating and closing 1,000 caches leaves no socket, timer or listener behind', async () => {
    const admin = adminClient(server.url)
    const clientsOnServer = async () => ((await admin.client('LIST')) as string).trim().split('\n').length
    const deadUrl = `redis://127.0.0.1:1` // nothing listens on port 1
    const serverClientsBefore = await clientsOnServer() // the admin client is connected from here on
    await sleep(100)
    const resourcesBefore = resourceCounts()
    const listenersBefore = processListeners()
    const health = watchProcess()
    const kinds = { used: 0, neverUsed: 0, unreachable: 0, cachex: 0 }

    const batch = async (count: number, make: (i: number) => Promise<void>) => {
      for (let i = 0; i < count; i += 25) await Promise.all(Array.from({ length: 25 }, (_, j) => make(i + j)))
    }
    // used: connect, write, read, close
    await batch(400, async (i) => {
      const cache = new RedisCache({ location: server.url, keyPrefix: `leak-${i}` })
      await cache.set('k', i)
      expect(await cache.get('k')).toBe(i)
      await cache.close()
      kinds.used++
    })
    // closed while still connecting
    await batch(200, async () => {
      await new RedisCache({ location: server.url }).close()
      kinds.neverUsed++
    })
    // unreachable: the call fails, reconnect timers are running when it closes
    await batch(200, async () => {
      const cache = new RedisCache({ location: deadUrl, options: { socketTimeout: 0.5, ignoreExceptions: true } })
      expect(await cache.get('k', 'default')).toBe('default')
      await cache.close()
      kinds.unreachable++
    })
    // the full cachex stack (structures, locks)
    await batch(200, async (i) => {
      const cache = createCache({ location: server.url, keyPrefix: `leak-cachex-${i}` })
      await cache.hset('h', 'f', i)
      const lock = cache.lock('l', { timeout: 5 })
      expect(await lock.acquire()).toBe(true)
      await lock.release()
      await cache.close()
      kinds.cachex++
    })

    // Sockets close asynchronously: wait (boundedly) until the counts are back where they started.
    let resourcesAfter = resourceCounts()
    await until(
      () => {
        resourcesAfter = resourceCounts()
        return JSON.stringify(resourcesAfter) === JSON.stringify(resourcesBefore)
      },
      'the active resources to return to their count before',
      200,
    ).catch(() => undefined)
    let serverClientsAfter = await clientsOnServer()
    for (let i = 0; i < 100 && serverClientsAfter !== serverClientsBefore; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      serverClientsAfter = await clientsOnServer()
    }
    health.stop()
    reportFigure('1,000 caches created and closed', {
      ...kinds,
      resourcesBefore,
      resourcesAfter,
      serverClientsBefore,
      serverClientsAfter,
      processListeners: processListeners(),
    })
    expect(Object.values(kinds).reduce((a, b) => a + b, 0)).toBe(1000)
    expect(resourcesAfter, 'sockets and timers').toEqual(resourcesBefore)
    expect(processListeners(), 'process listeners').toEqual(listenersBefore)
    expect(serverClientsAfter, 'connections the server still sees').toBe(serverClientsBefore)
    expect(health.unhandledRejections).toEqual([])
  }, 120_000)

  it('getOrSet under 1,000 concurrent callers (4 caches, throwing and aborted callers) leaves no lease', async () => {
    const admin = adminClient(server.url)
    const prefix = uniquePrefix('herd')
    const caches = Array.from({ length: 4 }, () => testCache({ location: server.url, keyPrefix: prefix }))
    const outcomes = { values: 0, factoryErrors: 0, aborted: 0, other: [] as string[] }
    let factoryRuns = 0
    for (let round = 0; round < 3; round++) {
      await caches[0]!.clear()
      const calls = Array.from({ length: 1000 }, async (_, i) => {
        const cache = caches[i % caches.length]!
        const key = `key-${i % 20}`
        const signal = i % 10 === 7 ? AbortSignal.timeout(1 + (i % 5)) : undefined
        try {
          const value = await cache.getOrSet(
            key,
            async () => {
              factoryRuns++
              await new Promise((resolve) => setTimeout(resolve, i % 15))
              if (i % 5 === 3) throw new Error(`factory ${i} failed`)
              return { key, by: i }
            },
            60,
            { lockTimeout: 5, signal },
          )
          if ((value as { key?: string }).key !== key) outcomes.other.push(`wrong value for ${key}`)
          outcomes.values++
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          if (/^factory \d+ failed$/.test(message)) outcomes.factoryErrors++
          else if (signal?.aborted) outcomes.aborted++
          else outcomes.other.push(message)
        }
      })
      await Promise.all(calls)
      expect(await admin.keys('__cachex_lease__:*'), `leases left after round ${round}`).toEqual([])
    }
    reportFigure('getOrSet 3 x 1,000 concurrent callers', {
      ...outcomes,
      other: outcomes.other.length,
      factoryRuns,
      leasesLeft: 0,
    })
    expect(outcomes.other).toEqual([])
    expect(outcomes.values + outcomes.factoryErrors + outcomes.aborted).toBe(3000)
    expect(outcomes.values).toBeGreaterThan(0)
  }, 120_000)
})
