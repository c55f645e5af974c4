/**
 * Runs structure commands on a RedisCache with the cache's own machinery: its key space (prefix,
 * version, key function), its codec, its topology (writes to the primary, reads where the cache reads),
 * its command layer (deadlines, error normalisation) and its `ignoreExceptions` guard.
 */
import type { CodecPipeline, ErrorContext } from '@cachex-js/core'
import type { CacheContext, CommandArg, RedisCache } from '@cachex-js/redis-client'
import { crossSlotError } from './structure-errors.js'

/** A Lua script as the cache's command layer runs it (EVALSHA, then EVAL on NOSCRIPT). */
export interface LuaScript {
  readonly name: string
  readonly source: string
  /** The SHA1 of `source`. */
  readonly sha: string
  readonly numberOfKeys: number
}

/** What one structure command sends, and how its reply becomes the method's result. */
export type StructureRequest<T> = {
  /** The full keys the command touches; the first routes it. More than one must share a cluster slot. */
  keys: string[]
  /** The reply as the method's result. */
  decode: (reply: unknown) => T
} & (
  | { /** The command name; `args` are all its arguments. */ command: string; args: CommandArg[] }
  | { /** A script on `keys`; `args` are its ARGV. */ script: LuaScript; args: CommandArg[] }
  | { /** Nothing to send (e.g. no fields given): `decode(undefined)` is the result. */ local: true }
)

/** How a structure method runs. */
export interface RunSpec<T> {
  /** The method name, for errors and logs. */
  operation: string
  /** The user key (the first one for multi-key commands), for errors. */
  key: string
  /** `'read'` goes where the cache sends plain reads (replicas when configured), `'write'` to the primary. */
  access: 'read' | 'write'
  /** The result under `ignoreExceptions` when Redis cannot be reached; none: the failure rejects. */
  fallback?: () => T
}

/** The structure commands' access to one RedisCache. */
/** A {@link RunSpec}: the command's name, its key, where it is routed and its `ignoreExceptions` fallback. */
export function spec<T>(operation: string, key: string, access: 'read' | 'write', fallback?: () => T): RunSpec<T> {
  return { operation, key, access, fallback }
}

/** Fallback of counting commands under `ignoreExceptions`. */
export const zero = (): number => 0
/** Fallback of predicates under `ignoreExceptions`. */
export const no = (): boolean => false

export class StructureRunner {
  readonly #context: CacheContext

  constructor(cache: RedisCache) {
    this.#context = cache.context
  }

  /** The cache's codec. */
  get codec(): CodecPipeline {
    return this.#context.codec
  }

  /** The stored key of `key` at `version` (the cache's key function; `E_INVALID_KEY` for a non-string). */
  key(key: string, version?: number): string {
    return this.#context.keySpace.makeKey(key, version)
  }

  /**
   * Runs one command. `build` makes the request (validation and encoding errors reject before anything
   * is sent); multi-key requests are checked to share a slot (`E_NOT_SUPPORTED` otherwise); the reply
   * is decoded inside the guard, so `ignoreExceptions` covers connection failures only.
   */
  async run<T>(spec: RunSpec<T>, build: () => StructureRequest<T>): Promise<T> {
    const context: ErrorContext = { operation: spec.operation, key: spec.key }
    const request = build()
    const { topology, commands, runner } = this.#context
    if (request.keys.length > 1 && !topology.sameSlot(request.keys)) throw crossSlotError(context)
    if ('local' in request) return request.decode(undefined)
    return runner.guard(
      context,
      async () => {
        const client = spec.access === 'read' ? topology.reader() : topology.writer()
        const reply =
          'script' in request
            ? await commands.script(client, request.script, request.keys, request.args, context)
            : await commands.call(client, request.command, request.args, context)
        return request.decode(reply)
      },
      spec.fallback,
    )
  }
}
