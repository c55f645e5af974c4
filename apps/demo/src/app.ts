import Fastify, { type FastifyInstance } from 'fastify'
import { PACKAGE_NAME } from 'cachex'

/** Options for {@link buildApp}. */
export interface DemoOptions {
  /** Log requests with pino (Fastify's logger). */
  logger?: boolean
}

/**
 * Builds the demo HTTP app. For now it only proves the workspace pipeline: it loads the `cachex`
 * meta-package from source and serves a page naming it. The cache features arrive with issue 9.
 */
export function buildApp(options: DemoOptions = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false })
  app.get('/health', () => ({ ok: true, package: PACKAGE_NAME }))
  app.get('/', (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(`<!doctype html><title>cachex demo</title><h1>cachex demo</h1><p>Loaded <code>${PACKAGE_NAME}</code>.</p>`),
  )
  return app
}
