/**
 * The one place failure semantics are decided (CONTRACT section 10). Every Redis request goes
 * through {@link CommandRunner.send} (bounded by `socketTimeout`, errors normalised), and every
 * public operation through {@link CommandRunner.guard} (`ignoreExceptions` and its logging).
 */
import { ConnectionError, TimeoutError, type ErrorContext, type Logger } from '@cachex-js/core'
import { isClosed, lastError, whenAttemptSettles, type RedisClient } from './connection.js'
import { DeadlineQueue } from './deadline-queue.js'
import { restoreFastStringPrototype } from './fast-string-prototype.js'
import { GetBatch } from './get-batch.js'
import { SetBatch } from './set-batch.js'
import { isIgnorable, normalizeError } from './error-normalizer.js'
import type { Command } from 'ioredis'
import { newCommand, type Arg } from './new-command.js'
import { flushWaiting, waitingBatch, type SendCommand, type SendTransaction } from './waiting-batch.js'
import { coalesceWrites, sentThisTick, writeAsOne } from './write-coalescing.js'

// ioredis, imported above, has just put String.prototype in V8's slow mode: undo it before any code warms up
restoreFastStringPrototype()

/** What the runner needs to know. */
export interface CommandRunnerOptions {
  /** Every request settles within this many milliseconds. */
  timeoutMs: number
  /** Turn connection failures into the operation's fallback. */
  ignoreExceptions: boolean
  /** Log each failure turned into a fallback. */
  logIgnoredExceptions: boolean
  /** Where to log; `console` when logging is on and no logger is given. */
  logger: Logger | undefined
  /** Send the plain SETs of one tick on one connection as one MULTI/EXEC (see `set-batch.ts`). Default `false`. */
  coalesceSets?: boolean
  /** Send the plain GETs of one tick on one connection as one MGET (see `get-batch.ts`). Default `false`. */
  coalesceGets?: boolean
}

/** Whether `client` is a cluster client (keys on several nodes: nothing is coalesced). */
function isCluster(client: RedisClient): boolean {
  return (client as { isCluster?: boolean }).isCluster === true
}

/**
 * Whether a call should wait for the connection: yes while a connection attempt is under way (at start,
 * or a reconnect in progress); no when the last attempt failed and the client waits to retry
 * (`reconnecting`), or when it was closed for good (`end`): those calls fail at once.
 */
function waitsForConnection(client: RedisClient): boolean {
  if (isClosed(client)) return false
  const status = statusOf(client)
  return status === 'wait' || status === 'connecting' || status === 'connect'
}

function unreachable(client: RedisClient, context: ErrorContext): ConnectionError {
  const cause = lastError(client)
  if (isClosed(client)) return new ConnectionError('the Redis connection is closed', { cause, context })
  const reason = cause ? `: ${cause.message}` : ''
  return new ConnectionError(`Redis is unreachable (reconnecting in the background)${reason}`, { cause, context })
}

/** Whether ioredis itself fails a command of `client` within `timeoutMs` (its `commandTimeout`). */
function enforcesDeadline(client: RedisClient, timeoutMs: number): boolean {
  const limit = (client as { options?: { commandTimeout?: unknown } }).options?.commandTimeout
  return typeof limit === 'number' && limit > 0 && limit <= timeoutMs
}

/** The client's status, read afresh (TypeScript would keep a narrowing across an `await`). */
function statusOf(client: RedisClient): string {
  return client.status
}

const consoleLogger: Logger = {
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
  debug: () => undefined,
}

/** ioredis command options: buffer replies; read-only commands marked (a cluster routes them under `scaleReads`). */
const WRITE: { replyEncoding: null } = { replyEncoding: null }
const READ: { replyEncoding: null; readOnly: true } = { replyEncoding: null, readOnly: true }
/** Text replies (`client.call()`'s). */
const TEXT: { replyEncoding: 'utf8' } = { replyEncoding: 'utf8' }

/** EXEC's replies, or throws: the first error among them, or that EXEC ran nothing (`null`: a WATCH triggered). */
function execReplies(reply: unknown): unknown[] {
  if (!Array.isArray(reply)) throw new Error('the transaction was aborted (a WATCH on the connection was triggered)')
  for (const value of reply) if (value instanceof Error) throw value
  return reply
}

/** Sends requests with a deadline and applies `ignoreExceptions`. */
export class CommandRunner {
  readonly timeoutMs: number
  readonly #ignoreExceptions: boolean
  readonly #logger: Logger | undefined
  readonly #coalesceSets: boolean
  readonly #coalesceGets: boolean
  readonly #deadlines = new WeakMap<RedisClient, DeadlineQueue>()
  /**
   * Connections whose next gets are sent one by one, and how many (see `GetBatch.sendWith`): all of them once the
   * server refused a coalesced get's MGET or EXISTS; a thousand after a batch of large values.
   */
  readonly #plainGets = new WeakMap<RedisClient, number>()
  readonly #command: SendCommand = (client, name, args, context, map, readOnly) =>
    this.command(client, name, args, context, map, readOnly)
  readonly #transaction: SendTransaction = (client, commands, context) => this.transaction(client, commands, context)
  readonly #sendSets = (batch: SetBatch): void => batch.sendWith(this.#command, this.#transaction)
  readonly #sendGets = (batch: GetBatch): void =>
    batch.sendWith(this.#command, this.timeoutMs, (client, gets) => this.#plainGets.set(client, gets))

  constructor(options: CommandRunnerOptions) {
    this.timeoutMs = options.timeoutMs
    this.#coalesceSets = options.coalesceSets ?? false
    this.#coalesceGets = options.coalesceGets ?? false
    this.#ignoreExceptions = options.ignoreExceptions
    this.#logger = options.logIgnoredExceptions ? (options.logger ?? consoleLogger) : undefined
  }

  /**
   * Sends one request (a command, a pipeline, a transaction) on `client` and settles within
   * `timeoutMs`, whatever the connection does:
   * - a connection attempt under way (at start, or a reconnect): waits for it, within the deadline, then
   *   sends; if it fails, or the deadline passes first, the request is never sent: `E_CONNECTION`;
   * - the server unreachable (the last attempt failed, a retry is scheduled) or the cache closed:
   *   rejects at once with `E_CONNECTION` (cause: the last connection error);
   * - sent but unanswered (a stalled server): rejects with `E_TIMEOUT` at the deadline;
   * - anything ioredis throws: normalised (see `normalizeError`).
   *
   * A ready client takes a fast path (the request goes out at once with no timer, race or async wrapper of
   * ours) when every command of the request is bounded already: `bounded` (it sends them through
   * {@link dispatch}) or the client's own ioredis `commandTimeout` is within the deadline.
   *
   * Requests sent on one connection in the same tick leave in one socket write (see `coalesceWrites`).
   */
  send<T>(
    client: RedisClient,
    request: (client: RedisClient) => Promise<T>,
    context: ErrorContext,
    map?: undefined,
    bounded?: boolean,
  ): Promise<T>
  /** As above, resolving `map(reply)` (in the same promise step: one layer less than a `.then` of the caller's). */
  send<T, R>(
    client: RedisClient,
    request: (client: RedisClient) => Promise<T>,
    context: ErrorContext,
    map: (reply: T) => R,
    bounded?: boolean,
  ): Promise<R>
  send<T, R>(
    client: RedisClient,
    request: (client: RedisClient) => Promise<T>,
    context: ErrorContext,
    map?: (reply: T) => R,
    bounded = false,
  ): Promise<T | R> {
    flushWaiting(client)
    if (client.status === 'ready' && (bounded || enforcesDeadline(client, this.timeoutMs)) && !isClosed(client)) {
      let reply: Promise<T>
      try {
        if (!bounded) coalesceWrites(client) // a bounded request's commands go through dispatch, which does it
        reply = request(client)
      } catch (error) {
        return Promise.reject(normalizeError(error, context))
      }
      return reply.then(map, (error: unknown) => {
        throw normalizeError(error, context)
      })
    }
    const sent = this.#sendWithDeadline(client, request, context)
    return map === undefined ? sent : sent.then(map)
  }

  /**
   * Sends one command (buffer replies) on `client` with the semantics of {@link send}. On a ready client the
   * command goes out at once and its deadline is kept by the runner's {@link DeadlineQueue} for that client
   * (one timer for all the commands in flight, not one each: the hot path of every cache method).
   * `readOnly` marks a command a cluster may route to a replica under `scaleReads`.
   */
  command(
    client: RedisClient,
    name: string,
    args: readonly Arg[],
    context: ErrorContext,
    map?: (reply: unknown) => unknown,
    readOnly = false,
  ): Promise<unknown> {
    flushWaiting(client) // before this command, also when it has to wait for the connection
    if (client.status === 'ready' && !isClosed(client)) {
      let reply: Promise<unknown>
      try {
        reply = this.dispatch(client, name, args, readOnly)
      } catch (error) {
        return Promise.reject(normalizeError(error, context))
      }
      return reply.then(map, (error: unknown) => {
        throw normalizeError(error, context)
      })
    }
    const sent = this.#sendWithDeadline(client, (c) => this.dispatch(c, name, args, readOnly), context)
    return map === undefined ? sent : sent.then(map)
  }

  /**
   * Writes one command on `client` under this runner's deadline and resolves its raw reply (errors not
   * normalised): for requests made of several commands in turn (a script's EVALSHA, then EVAL), sent with
   * {@link send} and `bounded`. Buffer replies; `'text'` for string replies (as `client.call()`).
   */
  dispatch(
    client: RedisClient,
    name: string,
    args: readonly Arg[],
    readOnly: boolean | 'text' = false,
  ): Promise<unknown> {
    // No flush of the waiting sets here: `command` and `send`, the only ways in, did it when the call was made.
    return this.#write(client, newCommand(name, args, readOnly === 'text' ? TEXT : readOnly ? READ : WRITE))
  }

  /**
   * Sends `commands` as one `MULTI ... EXEC` on `client` with the semantics of {@link send} (its deadline, its
   * fast path on a ready client) and resolves EXEC's replies, in order. Rejects with the error of the first
   * command Redis refused while queueing it (out of memory, an ACL), not EXEC's `EXECABORT`; with an error among
   * EXEC's replies; or when EXEC ran nothing (a `WATCH` left on a shared connection was triggered).
   *
   * The commands are cachex's own (no argument copy: see `new-command.ts`), marked as ioredis marks a `multi()`
   * pipeline's (`inTransaction`, `pipelineIndex`): on a client that resends unanswered commands after a reconnect,
   * ioredis drops the fragments of a transaction cut by the lost connection instead of running them on their own.
   */
  transaction(
    client: RedisClient,
    commands: readonly (readonly [name: string, args: readonly Arg[]])[],
    context: ErrorContext,
  ): Promise<unknown[]> {
    const request = (c: RedisClient): Promise<unknown[]> => {
      const all = [['MULTI', []] as const, ...commands, ['EXEC', []] as const]
      const replies = writeAsOne(c, () =>
        all.map(([name, args], index) => {
          const command = newCommand(name, args, WRITE)
          command.inTransaction = index < all.length - 1
          command.pipelineIndex = index
          return this.#write(c, command, false)
        }),
      )
      // The first rejection in time is the first refusal: EXEC's EXECABORT comes after it.
      return Promise.all(replies).then((settled) => execReplies(settled[settled.length - 1]))
    }
    return this.send(client, request, context, undefined, true)
  }

  /**
   * Writes a command on `client` under this runner's deadline (counted in the tick's writes unless `coalesce` is
   * `false`: the caller did it); resolves its raw reply.
   */
  #write(client: RedisClient, command: Command, coalesce = true): Promise<unknown> {
    let deadlines = this.#deadlines.get(client)
    if (deadlines === undefined) this.#deadlines.set(client, (deadlines = new DeadlineQueue(this.timeoutMs)))
    if (coalesce) coalesceWrites(client)
    deadlines.watch(command)
    // The command's promise, or ioredis' tracing wrapper of it when diagnostics_channel tracing is on.
    return client.sendCommand(command) as Promise<unknown>
  }

  /**
   * `GET key` on `client` with the semantics of {@link command}; with `coalesceGets`, a get made after another
   * command in the same tick waits for the rest of the tick's gets on the connection and goes with them as one
   * MGET (not on a cluster: its keys live on several nodes). Order is kept as with {@link set}.
   */
  get(client: RedisClient, key: string, context: ErrorContext, map?: (reply: unknown) => unknown): Promise<unknown> {
    if (!this.#coalesceGets || !sentThisTick(client) || isCluster(client) || this.#sendsPlainGet(client)) {
      return this.command(client, 'get', [key], context, map, true)
    }
    return waitingBatch(client, GetBatch, this.#sendGets).add(key, context, map)
  }

  /**
   * `SET key value PX ms` (`args`) on `client` with the semantics of {@link command}; with `coalesceSets`, a set
   * made after another command in the same tick waits for the rest of the tick's sets on the connection and goes
   * with them as one MULTI/EXEC of an MSET and one PEXPIRE script (not on a cluster: its keys live on several nodes). Any other request on the
   * connection sends the waiting sets first: order is kept.
   */
  set(
    client: RedisClient,
    args: readonly [string, Buffer, 'PX', number],
    context: ErrorContext,
    map?: (reply: unknown) => unknown,
  ): Promise<unknown> {
    if (!this.#coalesceSets || !sentThisTick(client) || isCluster(client)) {
      return this.command(client, 'SET', args, context, map)
    }
    return waitingBatch(client, SetBatch, this.#sendSets).add(args[0], args[1], args[3], context, map)
  }

  /** Whether this get on `client` is one it sends one by one (counted: `#plainGets`). */
  #sendsPlainGet(client: RedisClient): boolean {
    const left = this.#plainGets.get(client)
    if (left === undefined) return false
    if (left > 1) this.#plainGets.set(client, left - 1)
    else this.#plainGets.delete(client)
    return true
  }

  async #sendWithDeadline<T>(
    client: RedisClient,
    request: (client: RedisClient) => Promise<T>,
    context: ErrorContext,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    let expired = false
    let sent = false
    const work = (async (): Promise<T> => {
      if (client.status !== 'ready' || isClosed(client)) {
        if (waitsForConnection(client)) await whenAttemptSettles(client)
        if (expired) throw unreachable(client, context)
        if (statusOf(client) !== 'ready' || isClosed(client)) throw unreachable(client, context)
      }
      sent = true
      coalesceWrites(client)
      return request(client)
    })()
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = true
        reject(
          sent
            ? new TimeoutError(`Redis did not answer within ${this.timeoutMs} ms (socketTimeout)`, { context })
            : new ConnectionError(`not connected to Redis within ${this.timeoutMs} ms (socketTimeout)`, {
                cause: lastError(client),
                context,
              }),
        )
      }, this.timeoutMs)
    })
    try {
      // Promise.race subscribes to `work`, so its late rejection (after the deadline) is handled.
      return await Promise.race([work, deadline])
    } catch (error) {
      throw normalizeError(error, context)
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * Runs a public operation. When it fails because Redis is unreachable, stalled or refusing
   * (`E_CONNECTION`/`E_TIMEOUT`) and `ignoreExceptions` is on, resolves `fallback()` instead (logged
   * at `error` when `logIgnoredExceptions` is on). Every other failure rejects as it is, and so does every
   * failure of an operation without a `fallback` (`incr`, `incrVersion`: no result would be truthful).
   */
  guard<T>(context: ErrorContext, operation: () => Promise<T>, fallback: (() => T) | undefined): Promise<T> {
    let result: Promise<T>
    try {
      result = operation()
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- whatever it threw, as before
      result = Promise.reject(error)
    }
    if (fallback === undefined || !this.#ignoreExceptions) return result
    return result.catch((error: unknown) => {
      if (!isIgnorable(error)) throw error
      this.logIgnored(error, context)
      return fallback()
    })
  }

  /** Whether connection failures are turned into fallbacks. */
  get ignoresExceptions(): boolean {
    return this.#ignoreExceptions
  }

  /** Logs a failure that was turned into a fallback (when `logIgnoredExceptions` is on). */
  logIgnored(error: unknown, context: ErrorContext): void {
    this.#logger?.error(
      { err: error, ...context },
      `cachex: ignored Redis failure in ${context.operation ?? 'an operation'}`,
    )
  }
}
