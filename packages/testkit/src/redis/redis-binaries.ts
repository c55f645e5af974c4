import { accessSync, constants } from 'node:fs'
import { dirname, join } from 'node:path'

/** The executables the harness runs. */
export interface RedisBinaries {
  /** `redis-server`: `$CACHEX_REDIS_SERVER`, else `/usr/bin/redis-server`, else the first on `PATH`. */
  server: string
  /** `redis-cli`: `$CACHEX_REDIS_CLI`, else the one beside `server`, else the first on `PATH`. */
  cli: string
}

const DEFAULT_SERVER = '/usr/bin/redis-server'

/** Locates `redis-server` and `redis-cli`; throws a clear error when there is no `redis-server`. */
export function resolveRedisBinaries(env: NodeJS.ProcessEnv = process.env): RedisBinaries {
  const server =
    env.CACHEX_REDIS_SERVER || (isExecutable(DEFAULT_SERVER) ? DEFAULT_SERVER : onPath('redis-server', env))
  if (!server || !isExecutable(server)) {
    throw new Error(
      `redis-server not found (looked at ${env.CACHEX_REDIS_SERVER ? `$CACHEX_REDIS_SERVER=${server}` : `${DEFAULT_SERVER} and PATH`}); ` +
        'install it (Debian/Ubuntu: apt-get install redis-server) or set CACHEX_REDIS_SERVER',
    )
  }
  const beside = join(dirname(server), 'redis-cli')
  const cli = env.CACHEX_REDIS_CLI || (isExecutable(beside) ? beside : (onPath('redis-cli', env) ?? beside))
  return { server, cli }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(':')) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name)
  }
  return undefined
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}
