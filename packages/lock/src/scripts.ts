/**
 * The Lua scripts behind {@link Lock}: each a compare-and-act on the lock key, so a holder can only
 * touch a lock that still carries its own token (redis-py's scripts, plus fencing).
 */

import { createHash } from 'node:crypto'

/** A script and its SHA1, run with EVALSHA and re-sent with EVAL when the server does not know it yet. */
export interface LuaScript {
  readonly source: string
  readonly sha: string
}

/** The one method of ioredis's `Redis` and `Cluster` the lock needs: `call(command, ...args)`. */
export interface LockClient {
  call(command: string, ...args: (string | number | Buffer)[]): Promise<unknown>
}

function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') }
}

/** KEYS[1] lock, KEYS[2] fencing counter; ARGV[1] token, ARGV[2] px (0 = no expiry). Returns the fence or nil. */
export const ACQUIRE_FENCED = script(`
local ok
if tonumber(ARGV[2]) > 0 then
  ok = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
else
  ok = redis.call('SET', KEYS[1], ARGV[1], 'NX')
end
if not ok then return false end
return redis.call('INCR', KEYS[2])
`)

/** KEYS[1] lock; ARGV[1] token. 1 when the lock was ours and is deleted, else 0. */
export const RELEASE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

/** KEYS[1] lock; ARGV[1] token, ARGV[2] ms, ARGV[3] '1' = replace the TTL, '0' = add to it. 1 on success, else 0. */
export const EXTEND = script(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local current = redis.call('PTTL', KEYS[1])
if current < 0 then return 0 end
local ttl = tonumber(ARGV[2])
if ARGV[3] == '0' then ttl = ttl + current end
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`)

/** KEYS[1] lock; ARGV[1] token, ARGV[2] ms. Resets the TTL to the lock's full timeout. 1 on success, else 0. */
export const REACQUIRE = script(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`)

/** Runs a script by SHA, falling back to EVAL once when the server's script cache lacks it. */
export async function runScript(
  client: LockClient,
  lua: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.call('EVALSHA', lua.sha, keys.length, ...keys, ...args)
  } catch (error) {
    if (!isNoScript(error)) throw error
    return client.call('EVAL', lua.source, keys.length, ...keys, ...args)
  }
}

/** Whether `error` (or an error it wraps, e.g. after a cache normalised it) is Redis's NOSCRIPT reply. */
function isNoScript(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e.message.startsWith('NOSCRIPT')) return true
  }
  return false
}
