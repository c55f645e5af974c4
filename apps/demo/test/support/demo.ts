/** Test support: a private redis-server per test file, demo contexts and apps closed afterwards. */
import { afterAll, beforeAll } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import { buildApp } from '../../src/app.js'
import { createDemoContext, type DemoContext } from '../../src/demo-context.js'

/** The token test apps use. */
export const TOKEN = 'test-token-0123456789'

/** Headers of an edit. */
export const EDIT = { 'x-demo-token': TOKEN }

/**
 * Registers hooks starting a private redis-server (the demo's keys have a fixed prefix, so each test file
 * gets a server of its own) and a demo app on it. Read `.ctx` / `.app` inside tests.
 */
export function demoOnRedis(): { ctx: DemoContext; app: FastifyInstance; server: RedisStandalone } {
  const holder = {} as { ctx: DemoContext; app: FastifyInstance; server: RedisStandalone }
  beforeAll(async () => {
    holder.server = await startStandalone()
    holder.ctx = await createDemoContext({ redisUrl: holder.server.url, token: TOKEN })
    holder.app = buildApp(holder.ctx)
  })
  afterAll(async () => {
    await holder.app?.close()
    await holder.ctx?.close()
    await holder.server?.stop()
  })
  return holder
}

/** The same on MemoryCache. */
export function demoOnMemory(): { ctx: DemoContext; app: FastifyInstance } {
  const holder = {} as { ctx: DemoContext; app: FastifyInstance }
  beforeAll(async () => {
    holder.ctx = await createDemoContext({ token: TOKEN })
    holder.app = buildApp(holder.ctx)
  })
  afterAll(async () => {
    await holder.app?.close()
    await holder.ctx?.close()
  })
  return holder
}
