/**
 * A fixed-window rate limiter: `add` creates the counter, `incr` counts atomically, `expire` opens the window
 * on the first hit. Works on MemoryCache too.
 */
import type { FastifyInstance } from 'fastify'
import type { DemoContext } from '../demo-context.js'
import { HttpError } from '../http-errors.js'

/** Requests allowed per window. */
export const RATE_LIMIT = 5
/** The window, in seconds. */
export const RATE_WINDOW = 10

/** `POST /api/rate-limit { client }`. */
export function registerRateLimitPanel(app: FastifyInstance, ctx: DemoContext): void {
  app.post<{ Body: { client?: string } | undefined }>('/api/rate-limit', async (request) => {
    const client = String(request.body?.client ?? 'anonymous').slice(0, 64)
    if (client === '') throw new HttpError(400, 'E_BAD_REQUEST', 'client must not be empty')
    const key = `rate:${client}`
    await ctx.cache.add(key, 0, null) // never overwrites a running window
    const count = await ctx.cache.incr(key)
    if (count === 1) await ctx.cache.expire(key, RATE_WINDOW)
    const ttl = await ctx.cache.ttl(key)
    return { client, allowed: count <= RATE_LIMIT, count, limit: RATE_LIMIT, window: RATE_WINDOW, resetsIn: ttl }
  })
}
