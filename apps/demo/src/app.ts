/**
 * The demo HTTP app (Fastify): the panels' API, the cache browser's API and the two pages.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { MemoryCache } from 'cachex'
import { registerBrowserRoutes } from './browser/browser-routes.js'
import type { KeyBrowser } from './browser/key-browser.js'
import { MemoryKeyBrowser } from './browser/memory-key-browser.js'
import { RedisKeyBrowser } from './browser/redis-key-browser.js'
import { DEMO_PREFIX, type DemoContext } from './demo-context.js'
import { installErrorHandler } from './http-errors.js'
import { browserPage } from './pages/browser-page.js'
import { homePage } from './pages/home-page.js'
import { registerCodecPanel } from './panels/codec-panel.js'
import { registerCounterPanel } from './panels/counter-panel.js'
import { registerHerdPanel } from './panels/herd-panel.js'
import { registerRateLimitPanel } from './panels/rate-limit-panel.js'
import { registerStructurePanels } from './panels/structures-panels.js'
import { registerVersioningPanel } from './panels/versioning-panel.js'
import { installHostCheck } from './security.js'

/** Options of {@link buildApp}. */
export interface DemoOptions {
  /** Fastify's logger (pino) options; default off. */
  logger?: FastifyServerOptions['logger']
  /** Host names besides loopback the app answers to (the bind host when it is not loopback). */
  allowedHosts?: readonly string[]
}

function keyBrowser(ctx: DemoContext): KeyBrowser {
  if (ctx.redis !== undefined) return new RedisKeyBrowser(ctx.redis)
  if (ctx.cache instanceof MemoryCache) return new MemoryKeyBrowser(ctx.cache)
  throw new Error('the cache browser needs a cachex Redis cache or a MemoryCache')
}

/** Builds the demo app on the caches of `ctx` (which the app does not close). */
export function buildApp(ctx: DemoContext, options: DemoOptions = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false })
  installErrorHandler(app)
  installHostCheck(app, options.allowedHosts)

  app.get('/health', () => ({ ok: true, mode: ctx.mode }))
  app.get('/api/info', () => ({ mode: ctx.mode, where: ctx.where, prefix: DEMO_PREFIX, servers: ctx.servers.length }))
  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(homePage()))
  app.get('/browser', (_request, reply) => reply.type('text/html; charset=utf-8').send(browserPage()))

  registerHerdPanel(app, ctx)
  registerRateLimitPanel(app, ctx)
  registerStructurePanels(app, ctx)
  registerCounterPanel(app, ctx)
  registerVersioningPanel(app, ctx)
  registerCodecPanel(app, ctx)
  registerBrowserRoutes(app, keyBrowser(ctx), ctx.token)
  return app
}
