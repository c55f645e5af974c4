/**
 * Where the demo's Redis comes from: `REDIS_URL` when set; else a Redis already answering on localhost
 * (`DEMO_LOCAL_REDIS`, default `redis://127.0.0.1:6379/0`; `off` skips the probe — the demo only touches keys
 * under its own prefix there); else a private `redis-server` started through the testkit harness (a free port
 * on 127.0.0.1, no persistence, stopped when the demo exits); else — no `redis-server` binary — nothing, with
 * instructions, and the demo runs on MemoryCache.
 */
import { connect } from 'node:net'
import { resolveRedisBinaries, startStandalone } from '@cachex-js/testkit/redis'

/** The Redis the demo looks for before starting its own. */
export const DEFAULT_LOCAL_REDIS = 'redis://127.0.0.1:6379/0'

/** Whether a Redis answers PING at `url` within `timeoutMs` (no auth, no client library: one RESP exchange). */
export function answersPing(url: string, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return resolve(false)
    }
    const socket = connect({ host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379) })
    const done = (answer: boolean): void => {
      socket.destroy()
      resolve(answer)
    }
    let reply = ''
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1')
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
  })
}

/** The Redis the demo uses, or why there is none. */
export type RedisSource =
  | { kind: 'env' | 'local' | 'private'; url: string; description: string; stop(): Promise<void> }
  | { kind: 'none'; url: undefined; description: string; stop(): Promise<void> }

/** What to do without redis-server. */
export const INSTALL_HINT = [
  'Install Redis to see every panel:',
  '  Debian/Ubuntu: sudo apt-get install redis-server',
  '  Fedora:        sudo dnf install redis',
  '  macOS:         brew install redis',
  '  or point the demo at any Redis you run: REDIS_URL=redis://127.0.0.1:6380/0 pnpm demo',
  '  (or name the binary: CACHEX_REDIS_SERVER=/path/to/redis-server pnpm demo)',
].join('\n')

function redacted(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return url
  }
}

/** Finds or starts the demo's Redis. `env` defaults to `process.env`. */
export async function resolveRedisSource(env: NodeJS.ProcessEnv = process.env): Promise<RedisSource> {
  const fromEnv = env.REDIS_URL?.trim()
  if (fromEnv) {
    return { kind: 'env', url: fromEnv, description: `REDIS_URL (${redacted(fromEnv)})`, stop: () => Promise.resolve() }
  }
  const local = env.DEMO_LOCAL_REDIS?.trim() || DEFAULT_LOCAL_REDIS
  if (local !== 'off' && (await answersPing(local))) {
    return {
      kind: 'local',
      url: local,
      description: `the Redis already answering at ${redacted(local)} (the demo only touches keys under its own prefix; DEMO_LOCAL_REDIS=off starts a private one instead)`,
      stop: () => Promise.resolve(),
    }
  }
  let reason: string
  try {
    resolveRedisBinaries(env)
    const server = await startStandalone()
    return {
      kind: 'private',
      url: server.url,
      description: `a private redis-server started for this demo at ${server.url} (pid ${server.primary.pid}; stopped when the demo exits)`,
      stop: () => server.stop(),
    }
  } catch (error) {
    reason = (error as Error).message.split('\n')[0] ?? String(error)
  }
  return {
    kind: 'none',
    url: undefined,
    description: `no Redis (${reason}): running on MemoryCache; the structure and lock panels are off.\n${INSTALL_HINT}`,
    stop: () => Promise.resolve(),
  }
}
