/**
 * The cache browser's API: list keys by glob with SCAN paging, one key in detail, edit a value or a TTL,
 * delete keys, live stats. Edits need the token.
 */
import type { FastifyInstance } from 'fastify'
import type { KeyBrowser } from './key-browser.js'
import { HttpError } from '../http-errors.js'
import { requireToken } from '../security.js'

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') throw new HttpError(400, 'E_BAD_REQUEST', 'value must be JSON text')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new HttpError(400, 'E_BAD_JSON', `value is not valid JSON: ${(error as Error).message}`)
  }
}

function keyId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new HttpError(400, 'E_BAD_REQUEST', 'id must be a stored key')
  return id
}

/** Registers `/api/browser/*`. */
export function registerBrowserRoutes(app: FastifyInstance, browser: KeyBrowser, token: string): void {
  const edit = { preHandler: requireToken(token) }

  app.get<{ Querystring: { pattern?: string; cursor?: string; count?: string } }>(
    '/api/browser/keys',
    async (request) => {
      const count = Math.min(Math.max(Number(request.query.count ?? 50) || 50, 1), 500)
      return browser.scan(request.query.pattern ?? '*', request.query.cursor ?? '0', count)
    },
  )

  app.get<{ Querystring: { id?: string } }>('/api/browser/key', async (request) => {
    const detail = await browser.inspect(keyId(request.query.id))
    if (detail === undefined) throw new HttpError(404, 'E_KEY_NOT_FOUND', `no key ${request.query.id}`)
    return detail
  })

  app.put<{ Body: { id?: unknown; value?: unknown } | undefined }>('/api/browser/value', edit, async (request) => {
    const id = keyId(request.body?.id)
    await browser.setValue(id, parseJson(request.body?.value))
    return browser.inspect(id)
  })

  app.put<{ Body: { id?: unknown; ttl?: unknown } | undefined }>('/api/browser/ttl', edit, async (request) => {
    const id = keyId(request.body?.id)
    const ttl = request.body?.ttl ?? null
    if (ttl !== null && (typeof ttl !== 'number' || !Number.isFinite(ttl))) {
      throw new HttpError(400, 'E_BAD_REQUEST', 'ttl must be a number of seconds or null (never expire)')
    }
    const existed = await browser.setTtl(id, ttl)
    if (!existed) throw new HttpError(404, 'E_KEY_NOT_FOUND', `no key ${id}`)
    return (await browser.inspect(id)) ?? { id, deleted: true }
  })

  app.post<{ Body: { ids?: unknown } | undefined }>('/api/browser/delete', edit, async (request) => {
    const ids = request.body?.ids
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000) {
      throw new HttpError(400, 'E_BAD_REQUEST', 'ids must be a list of 1 to 1000 stored keys')
    }
    return { deleted: await browser.remove(ids.map(keyId)) }
  })

  app.get('/api/browser/stats', () => browser.stats())
}
