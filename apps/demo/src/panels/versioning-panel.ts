/**
 * Versioned invalidation: a catalog is published at the current version; `incrVersion` moves it to the next
 * version (TTL kept), so readers still asking for the old version miss. The current version is itself a
 * cached integer.
 */
import type { FastifyInstance } from 'fastify'
import type { DemoContext } from '../demo-context.js'

const KEY = 'catalog'
const POINTER = 'catalog:current-version'

/** `GET /api/versioning`, `POST /api/versioning/publish { value }`, `POST /api/versioning/bump`. */
export function registerVersioningPanel(app: FastifyInstance, ctx: DemoContext): void {
  const currentVersion = async (): Promise<number> => (await ctx.cache.get<number>(POINTER)) ?? 1

  const state = async () => {
    const version = await currentVersion()
    const versions = [version - 1, version].filter((v) => v >= 1)
    const reads = await Promise.all(
      versions.map(async (v) => ({ version: v, value: (await ctx.cache.get(KEY, null, { version: v })) ?? null })),
    )
    return { key: KEY, version, fullKey: ctx.cache.makeKey(KEY, version), reads }
  }

  app.get('/api/versioning', state)

  app.post<{ Body: { value?: unknown } | undefined }>('/api/versioning/publish', async (request) => {
    const value = request.body?.value ?? { products: ['tea', 'coffee'], publishedAt: new Date().toISOString() }
    await ctx.cache.set(KEY, value, 3600, { version: await currentVersion() })
    return state()
  })

  app.post('/api/versioning/bump', async () => {
    const next = await ctx.cache.incrVersion(KEY, 1, { version: await currentVersion() }) // E_KEY_NOT_FOUND -> 404
    await ctx.cache.set(POINTER, next, null)
    return state()
  })
}
