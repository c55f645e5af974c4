/**
 * Single-key cache operations as data: the Redis command each one sends and how its reply becomes the
 * method's result. RedisCache runs them one at a time, `pipeline()` batches them; both share these
 * definitions, so a method and its pipelined form cannot drift apart.
 */
import {
  ConfigError,
  KeyNotFoundError,
  NotAnIntegerError,
  resolveExpiry,
  type SetOptions,
  type Timeout,
} from '@cachex-js/core'
import type { CacheContext } from './cache-context.js'
import type { CommandArg, RedisCommand } from './commands.js'
import { EXPIRE_EXISTING, INCR_EXISTING, type LuaScript } from './scripts.js'

/** A Lua script call. */
export interface ScriptCall {
  lua: LuaScript
  args: CommandArg[]
}

/** One operation on one stored key. */
export interface Op {
  /** The user key (for errors). */
  key: string
  /** The stored key (for routing). */
  fullKey: string
  /** `'read'` ops may go to a replica; `'write'` ops go to the primary. */
  access: 'read' | 'write'
  /** What to send: a plain command, or a script on `fullKey`. */
  send: RedisCommand | ScriptCall
  /** The method's result from the reply (may throw, e.g. `E_KEY_NOT_FOUND`). */
  decode: (reply: unknown) => unknown
  /** The result under `ignoreExceptions` when Redis cannot be reached; none: the failure rejects. */
  fallback?: () => unknown
  /** A plain `SET key value PX ms` (the arguments of `send`), which the runner may coalesce with others. */
  plainSet?: readonly [string, Buffer, 'PX', number]
  /** A plain `GET fullKey` (`send`), which the runner may coalesce with others. */
  plainGet?: true
}

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)

const truthy = (reply: unknown): boolean => Number(reply) > 0
const no = (): boolean => false
const nothing = (): undefined => undefined
const wrote = (reply: unknown): boolean => reply !== null

/** `value` when it is a finite number; `E_CONFIG` naming `field` otherwise. */
export function finiteNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${field} must be a finite number`, { context: { field } })
  }
  return value
}

function command(name: string, ...args: CommandArg[]): RedisCommand {
  return { name, args }
}

/** `get`: GET; a miss gives `defaultValue`. */
export function getOp(context: CacheContext, key: string, defaultValue: unknown, version?: number): Op {
  const fullKey = context.keySpace.makeKey(key, version)
  return {
    key,
    fullKey,
    access: 'read',
    send: command('GET', fullKey),
    decode: (reply) => (reply === null ? defaultValue : context.codec.decode(reply as Buffer)),
    fallback: () => defaultValue,
    plainGet: true,
  }
}

/**
 * `set`: one SET with PX/NX/XX/GET. The value is encoded here, before anything is sent (`E_SERIALIZATION`
 * writes nothing). A timeout `<= 0` keeps nothing: plain and `xx` delete the key (UNLINK, or GETDEL with
 * `get`), `nx` leaves an existing key alone (EXISTS, or GET with `get`); the result is whether the write
 * would have happened (MemoryCache's rule), or the previous value with `get`.
 */
export function setOp(context: CacheContext, key: string, value: unknown, timeout: Timeout, options?: SetOptions): Op {
  const nx = options?.nx === true
  const xx = options?.xx === true
  const get = options?.get === true
  if (nx && xx) throw new ConfigError('set: nx and xx cannot both be set', { context: { key, field: 'nx' } })
  const fullKey = context.keySpace.makeKey(key, options?.version)
  const expiry = resolveExpiry(timeout, context.defaultTimeout)
  const bytes = context.codec.encode(value)
  const fallback = get ? nothing : no
  if (expiry.kind === 'expire' && !nx && !xx && !get) {
    // The common case, built without intermediate objects or closures (every plain `set` comes here).
    const args: [string, Buffer, 'PX', number] = [fullKey, bytes, 'PX', expiry.ms]
    return { key, fullKey, access: 'write', send: { name: 'SET', args }, decode: wrote, fallback, plainSet: args }
  }
  const previous = (reply: unknown): unknown => (reply === null ? undefined : context.codec.decode(reply as Buffer))
  const op = (send: RedisCommand, decode: (reply: unknown) => unknown): Op => ({
    key,
    fullKey,
    access: 'write',
    send,
    decode,
    fallback,
  })
  if (expiry.kind === 'delete') {
    if (nx)
      return get ? op(command('GET', fullKey), previous) : op(command('EXISTS', fullKey), (reply) => !truthy(reply))
    if (get) return op(command('GETDEL', fullKey), previous)
    return op(command('UNLINK', fullKey), (reply) => (xx ? truthy(reply) : true))
  }
  const args: CommandArg[] = [fullKey, bytes]
  if (nx) args.push('NX')
  if (xx) args.push('XX')
  if (get) args.push('GET')
  if (expiry.kind === 'expire') args.push('PX', expiry.ms)
  return op({ name: 'SET', args }, get ? previous : wrote)
}

/** `delete`: UNLINK; whether the key existed. */
export function deleteOp(context: CacheContext, key: string, version?: number): Op {
  const fullKey = context.keySpace.makeKey(key, version)
  return { key, fullKey, access: 'write', send: command('UNLINK', fullKey), decode: truthy, fallback: no }
}

/** `hasKey`: EXISTS. */
export function hasKeyOp(context: CacheContext, key: string, version?: number): Op {
  const fullKey = context.keySpace.makeKey(key, version)
  return { key, fullKey, access: 'read', send: command('EXISTS', fullKey), decode: truthy, fallback: no }
}

/** The decimal text of an `incr` delta; `E_NOT_AN_INTEGER` unless it is an integer within 64 bits. */
function deltaText(key: string, delta: unknown): string {
  const valid =
    (typeof delta === 'number' && Number.isSafeInteger(delta)) ||
    (typeof delta === 'bigint' && delta >= INT64_MIN && delta <= INT64_MAX)
  if (!valid) {
    throw new NotAnIntegerError(`delta must be an integer, got ${String(delta)}`, {
      context: { key, operation: 'incr' },
    })
  }
  return String(delta)
}

/**
 * `incr`: check-and-INCRBY in one script (a missing key is `E_KEY_NOT_FOUND` atomically). Resolves a
 * `bigint` for a `bigint` delta, else a `number`.
 */
export function incrOp(context: CacheContext, key: string, delta: number | bigint, version?: number): Op {
  const fullKey = context.keySpace.makeKey(key, version)
  const text = deltaText(key, delta)
  return {
    key,
    fullKey,
    access: 'write',
    send: { lua: INCR_EXISTING, args: [text] },
    decode: (reply) => {
      if (reply === null) {
        throw new KeyNotFoundError(`key "${key}" not found`, { context: { key, operation: 'incr' } })
      }
      const value = (reply as Buffer).toString('latin1')
      return typeof delta === 'bigint' ? BigInt(value) : Number(value)
    },
  }
}

/** A new expiry for an existing key, in ms (`<= 0` deletes, `null` persists); whether the key existed. */
export function expireOp(context: CacheContext, key: string, ms: number | null, version?: number): Op {
  const fullKey = context.keySpace.makeKey(key, version)
  const base = { key, fullKey, access: 'write' as const, decode: truthy, fallback: no }
  if (ms !== null && ms <= 0) return { ...base, send: command('UNLINK', fullKey) }
  return { ...base, send: { lua: EXPIRE_EXISTING, args: [ms === null ? 'persist' : Math.max(1, Math.round(ms))] } }
}

/** `touch`: the cache's timeout rules applied to an existing key. */
export function touchOp(context: CacheContext, key: string, timeout: Timeout, version?: number): Op {
  const expiry = resolveExpiry(timeout, context.defaultTimeout)
  const ms = expiry.kind === 'persist' ? null : expiry.kind === 'delete' ? 0 : expiry.ms
  return expireOp(context, key, ms, version)
}

/** `pexpireAt`: PEXPIREAT (a past time deletes the key); whether the key existed. */
export function expireAtOp(context: CacheContext, key: string, epochMs: number, version?: number): Op {
  const fullKey = context.keySpace.makeKey(key, version)
  return {
    key,
    fullKey,
    access: 'write',
    send: command('PEXPIREAT', fullKey, Math.round(epochMs)),
    decode: truthy,
    fallback: no,
  }
}

/** `ttl` (seconds, Redis rounding) or `pttl` (ms): `0` when missing, `null` without expiry. */
export function ttlOp(context: CacheContext, key: string, unit: 's' | 'ms', version?: number): Op {
  const fullKey = context.keySpace.makeKey(key, version)
  return {
    key,
    fullKey,
    access: 'read',
    send: command(unit === 's' ? 'TTL' : 'PTTL', fullKey),
    decode: (reply) => {
      const left = Number(reply)
      return left === -2 ? 0 : left === -1 ? null : left
    },
    fallback: () => 0,
  }
}
