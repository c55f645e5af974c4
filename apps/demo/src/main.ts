/**
 * `pnpm demo`: finds or starts a Redis, builds the caches and the app, listens on 127.0.0.1 and prints
 * where to go and the token edits need.
 */
import { buildApp } from './app.js'
import { createDemoContext, type DemoContext } from './demo-context.js'
import { resolveRedisSource } from './redis-source.js'

// An unset or empty HOST means loopback: binding every interface must be asked for by name (HOST=0.0.0.0).
const host = process.env.HOST?.trim() || '127.0.0.1'
const port = Number(process.env.PORT ?? 3000)
const loopback = ['127.0.0.1', 'localhost', '::1'].includes(host)

const source = await resolveRedisSource()
let ctx: DemoContext
try {
  ctx = await createDemoContext({ redisUrl: source.url, token: process.env.DEMO_TOKEN || undefined })
} catch (error) {
  console.error(`cachex demo: cannot use ${source.description}: ${(error as Error).message}`)
  await source.stop()
  process.exit(1)
}
const app = buildApp(ctx, {
  logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  allowedHosts: loopback ? [] : [host],
})

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  console.log(`\n  cachex demo: ${signal}, shutting down`)
  await app.close()
  await ctx.close()
  await source.stop()
  process.exit(0)
}
process.once('SIGINT', () => void shutdown('SIGINT'))
process.once('SIGTERM', () => void shutdown('SIGTERM'))

await app.listen({ host, port })
const address = app.server.address()
const base = `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}`
console.log(
  [
    '',
    '  cachex demo',
    `  Redis:   ${source.kind === 'none' ? source.description.replace(/\n/g, '\n           ') : source.description}`,
    `  Panels:  ${base}/`,
    `  Browser: ${base}/browser#token=${ctx.token}`,
    `  Token:   ${ctx.token}  (edits in the cache browser need it)`,
    loopback
      ? ''
      : `  Warning: listening on ${host}: anyone who reaches this port can read the cache (edits need the token).`,
    '  Ctrl-C stops the demo' + (source.kind === 'private' ? ' and its redis-server.' : '.'),
    '',
  ].join('\n'),
)
