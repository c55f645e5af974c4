/**
 * A lock-protected counter: many concurrent read-modify-write increments (get, think, set), once without a
 * lock (updates get lost) and once under `withLock` (every increment counts).
 */
import type { FastifyInstance } from 'fastify'
import type { DemoContext } from '../demo-context.js'
import { needsRedis } from '../http-errors.js'

const KEY = 'counter:value'

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** `POST /api/counter/race { workers, locked }`. */
export function registerCounterPanel(app: FastifyInstance, ctx: DemoContext): void {
  app.post<{ Body: { workers?: number; locked?: boolean } | undefined }>('/api/counter/race', async (request) => {
    const cache = needsRedis(ctx.redis, 'the lock panel')
    const workers = Math.min(Math.max(Number(request.body?.workers ?? 20) || 20, 1), 100)
    const locked = request.body?.locked !== false
    await cache.set(KEY, 0, null)
    const increment = async (): Promise<void> => {
      const value = (await cache.get<number>(KEY)) ?? 0
      await pause(5) // the "thinking" between read and write, where unlocked updates get lost
      await cache.set(KEY, value + 1, null)
    }
    const started = performance.now()
    await Promise.all(
      Array.from({ length: workers }, () =>
        locked ? cache.withLock('counter', increment, { timeout: 5, sleep: 0.005, blockingTimeout: 30 }) : increment(),
      ),
    )
    const value = (await cache.get<number>(KEY)) ?? 0
    return { workers, locked, value, lost: workers - value, ms: Math.round(performance.now() - started) }
  })
}
