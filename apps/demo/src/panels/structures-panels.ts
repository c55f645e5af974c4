/**
 * The data-structure panels: a leaderboard (sorted set), a profile (hash) and a job queue (list with
 * `lmove`: pending -> processing -> done, so a crashed worker's job stays visible in `processing`).
 */
import type { FastifyInstance } from 'fastify'
import type { DemoContext } from '../demo-context.js'
import { HttpError, needsRedis } from '../http-errors.js'

const BOARD = 'leaderboard'
const PENDING = 'jobs:pending'
const PROCESSING = 'jobs:processing'
const DONE = 'jobs:done'

interface Job {
  id: number
  task: string
  result?: string
}

function text(value: unknown, field: string, max = 64): string {
  const result = typeof value === 'string' ? value.trim().slice(0, max) : ''
  if (result === '') throw new HttpError(400, 'E_BAD_REQUEST', `${field} must be a non-empty string`)
  return result
}

/** Leaderboard, profile and job queue routes. */
export function registerStructurePanels(app: FastifyInstance, ctx: DemoContext): void {
  const redis = () => needsRedis(ctx.redis, 'this panel (Redis data structures)')

  const board = async () => {
    const cache = redis()
    const top = await cache.zrange<string>(BOARD, 0, 9, { desc: true, withscores: true })
    return { players: await cache.zcard(BOARD), top: top.map(([player, score]) => ({ player, score })) }
  }
  app.get('/api/leaderboard', board)
  app.post<{ Body: { player?: unknown; points?: unknown } | undefined }>('/api/leaderboard', async (request) => {
    const player = text(request.body?.player, 'player')
    const points = Number(request.body?.points ?? 1)
    if (!Number.isFinite(points)) throw new HttpError(400, 'E_BAD_REQUEST', 'points must be a number')
    const score = await redis().zincrby(BOARD, points, player)
    return { player, score, rank: (await redis().zrevrank(BOARD, player)) ?? null, ...(await board()) }
  })

  const profileKey = (user: string) => `profile:${text(user, 'user')}`
  app.get<{ Params: { user: string } }>('/api/profile/:user', async (request) => ({
    user: request.params.user,
    fields: await redis().hgetall(profileKey(request.params.user)),
  }))
  app.post<{ Params: { user: string }; Body: { field?: unknown; value?: unknown } | undefined }>(
    '/api/profile/:user',
    async (request) => {
      const key = profileKey(request.params.user)
      await redis().hset(key, text(request.body?.field, 'field'), request.body?.value ?? null)
      return { user: request.params.user, fields: await redis().hgetall(key) }
    },
  )
  app.post<{ Params: { user: string } }>('/api/profile/:user/visit', async (request) => {
    const key = profileKey(request.params.user)
    const visits = await redis().hincrby(key, 'visits', 1)
    return { user: request.params.user, visits, fields: await redis().hgetall(key) }
  })

  const queues = async () => {
    const cache = redis()
    const [pending, processing, done] = await Promise.all(
      [PENDING, PROCESSING, DONE].map((key) => cache.lrange<Job>(key, 0, 19)),
    )
    return { pending, processing, done }
  }
  app.get('/api/jobs', queues)
  app.post<{ Body: { task?: unknown } | undefined }>('/api/jobs', async (request) => {
    const cache = redis()
    const id = await cache.hincrby('jobs:meta', 'lastId', 1)
    await cache.rpush(PENDING, { id, task: text(request.body?.task ?? 'resize image', 'task') } satisfies Job)
    return queues()
  })
  app.post('/api/jobs/work', async () => {
    const cache = redis()
    // Atomically claim the oldest pending job: it is never lost between the queues.
    const job = await cache.lmove<Job>(PENDING, PROCESSING, 'LEFT', 'RIGHT')
    if (job === undefined) return { worked: null, ...(await queues()) }
    const result = { ...job, result: job.task.toUpperCase() }
    await cache.lrem(PROCESSING, 1, job)
    await cache.lpush(DONE, result)
    await cache.ltrim(DONE, 0, 19)
    return { worked: result, ...(await queues()) }
  })
}
