/**
 * Herd-safe getOrSet: a slow endpoint cached with `getOrSet`, and a button that fires many concurrent
 * requests at it, spread over several app servers (caches with their own connections) sharing one Redis.
 * The factory counts its runs in the cache: one run, whatever the number of callers.
 */
import type { FastifyInstance } from 'fastify'
import type { DemoContext } from '../demo-context.js'

const REPORT_KEY = 'herd:report'
const RUNS_KEY = 'herd:factory-runs'
/** How long the factory takes. */
export const FACTORY_MS = 300

interface Report {
  generatedAt: string
  by: number
  run: number
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The slow endpoint and the herd button's endpoint. */
export function registerHerdPanel(app: FastifyInstance, ctx: DemoContext): void {
  const slowReport = async (server: number): Promise<Report> => {
    const cache = ctx.servers[server % ctx.servers.length]!
    return cache.getOrSet(
      REPORT_KEY,
      async () => {
        await cache.add(RUNS_KEY, 0, null)
        const run = await cache.incr(RUNS_KEY)
        await pause(FACTORY_MS) // the expensive part
        return { generatedAt: new Date().toISOString(), by: server % ctx.servers.length, run }
      },
      60,
      { lockTimeout: 5 },
    )
  }

  app.get<{ Querystring: { server?: string } }>('/api/slow', async (request) => {
    const server = Number(request.query.server ?? 0)
    return { report: await slowReport(Number.isSafeInteger(server) && server >= 0 ? server : 0) }
  })

  app.post<{ Body: { requests?: number } | undefined }>('/api/herd/fire', async (request) => {
    const requests = Math.min(Math.max(Number(request.body?.requests ?? 200) || 200, 1), 1000)
    await ctx.cache.deleteMany([REPORT_KEY, RUNS_KEY])
    const started = performance.now()
    const responses = await Promise.all(
      Array.from({ length: requests }, (_, i) => app.inject({ method: 'GET', url: `/api/slow?server=${i}` })),
    )
    const ms = Math.round(performance.now() - started)
    const reports = responses.filter((r) => r.statusCode === 200).map((r) => r.json<{ report: Report }>().report)
    return {
      requests,
      ok: reports.length,
      servers: ctx.servers.length,
      factoryRuns: (await ctx.cache.get<number>(RUNS_KEY)) ?? 0,
      distinctValues: new Set(reports.map((report) => JSON.stringify(report))).size,
      ms,
      factoryMs: FACTORY_MS,
    }
  })
}
