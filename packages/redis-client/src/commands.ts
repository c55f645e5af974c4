/**
 * Sending Redis commands (buffer replies) through the {@link CommandRunner}: single commands, Lua
 * scripts, and batches (pipelines or MULTI transactions) whose per-command errors are normalised.
 */
import type { ErrorContext } from '@cachex-js/core'
import type { CommandRunner } from './command-runner.js'
import type { RedisClient } from './connection.js'
import { normalizeError } from './error-normalizer.js'
import { runScriptWith, scriptArgs, type LuaScript } from './scripts.js'

/** An argument of a Redis command. */
export type CommandArg = string | Buffer | number

/** One Redis command: its name and arguments. */
export interface RedisCommand {
  name: string
  args: CommandArg[]
}

/** A command's reply in a batch: its value, or the normalised error it failed with. */
export type BatchReply = { ok: true; value: unknown } | { ok: false; error: Error }

/**
 * The read-only commands cachex (and the structures built on it) send. ioredis recognises a read-only command,
 * to route it to a replica under a cluster's `scaleReads`, by its lowercase name only: these are sent
 * lowercase. (`HGETALL` and `HRANDFIELD` are left out: ioredis reshapes their replies under that name.)
 */
const READ_ONLY = new Map(
  [
    'GET',
    'MGET',
    'EXISTS',
    'TTL',
    'PTTL',
    'TYPE',
    'STRLEN',
    'HGET',
    'HMGET',
    'HEXISTS',
    'HLEN',
    'HKEYS',
    'HVALS',
    'HSTRLEN',
    'ZCARD',
    'ZCOUNT',
    'ZRANGE',
    'ZRANGEBYSCORE',
    'ZREVRANGE',
    'ZREVRANGEBYSCORE',
    'ZRANK',
    'ZREVRANK',
    'ZSCORE',
    'ZMSCORE',
    'LLEN',
    'LINDEX',
    'LRANGE',
    'LPOS',
    'SCARD',
    'SMEMBERS',
    'SISMEMBER',
    'SMISMEMBER',
    'SRANDMEMBER',
    'SINTER',
    'SUNION',
    'SDIFF',
  ].map((name) => [name, name.toLowerCase()]),
)

/** The name to send `name` under (see {@link READ_ONLY}). */
function wireName(name: string): string {
  return READ_ONLY.get(name) ?? name
}

/** Commands with the failure semantics of a {@link CommandRunner}. */
export class Commands {
  constructor(readonly runner: CommandRunner) {}

  /** Sends one command on `client`; resolves its (buffer) reply, or `map(reply)`. */
  call(
    client: RedisClient,
    name: string,
    args: readonly CommandArg[],
    context: ErrorContext,
    map?: (reply: unknown) => unknown,
  ): Promise<unknown> {
    const readOnly = READ_ONLY.get(name)
    return readOnly === undefined
      ? this.runner.command(client, name, args, context, map)
      : this.runner.command(client, readOnly, args, context, map, true)
  }

  /** Sends one command on `client` with string replies (for SCAN cursors and key names). */
  callText(client: RedisClient, name: string, args: readonly CommandArg[], context: ErrorContext): Promise<unknown> {
    const request = (c: RedisClient) => this.runner.dispatch(c, wireName(name), args, 'text')
    return this.runner.send(client, request, context, undefined, true)
  }

  /** Runs a Lua script (EVALSHA, EVAL on NOSCRIPT). */
  script(
    client: RedisClient,
    lua: LuaScript,
    keys: readonly string[],
    args: readonly CommandArg[],
    context: ErrorContext,
    map?: (reply: unknown) => unknown,
  ): Promise<unknown> {
    const request = (c: RedisClient) =>
      runScriptWith((name, all) => this.runner.dispatch(c, name, all), lua, keys, args)
    return map === undefined
      ? this.runner.send(client, request, context, undefined, true)
      : this.runner.send(client, request, context, map, true)
  }

  /**
   * Sends `commands` in one round trip: a pipeline, or a MULTI/EXEC transaction (atomic) when
   * `transaction` is set. Resolves one {@link BatchReply} per command, in order; rejects only when the
   * batch as a whole failed (connection, timeout, EXECABORT).
   */
  async batch(
    client: RedisClient,
    commands: readonly RedisCommand[],
    context: ErrorContext,
    options: { transaction?: boolean } = {},
  ): Promise<BatchReply[]> {
    if (commands.length === 0) return []
    const replies = await this.runner.send(
      client,
      async (c) => {
        const batch = options.transaction ? c.multi() : c.pipeline()
        for (const command of commands) batch.callBuffer(wireName(command.name), ...command.args)
        return batch.exec()
      },
      context,
    )
    if (replies === null) throw normalizeError(new Error('the transaction was aborted'), context)
    return replies.map(([error, value]): BatchReply => {
      return error ? { ok: false, error: normalizeError(error, context) } : { ok: true, value }
    })
  }
}

/** An EVAL command for a script (batches always send the source: no NOSCRIPT round trip inside a pipeline). */
export function evalCommand(lua: LuaScript, keys: readonly string[], args: readonly CommandArg[]): RedisCommand {
  return { name: 'EVAL', args: scriptArgs(lua, keys, args, false) }
}

/** The value of a batch reply, or throws its error. */
export function unwrap(reply: BatchReply): unknown {
  if (!reply.ok) throw reply.error
  return reply.value
}
