/**
 * Where the demo's Redis comes from: `REDIS_URL` when set; else a private `redis-server` started through
 * the testkit harness (a free port on 127.0.0.1, never 6379, no persistence, stopped when the demo exits);
 * else — no `redis-server` binary — nothing, with instructions, and the demo runs on MemoryCache.
 */
import { resolveRedisBinaries, startStandalone } from '@cachex-js/testkit/redis'

/** The Redis the demo uses, or why there is none. */
export type RedisSource =
  | { kind: 'env' | 'private'; url: string; description: string; stop(): Promise<void> }
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
