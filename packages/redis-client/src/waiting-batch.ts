/**
 * Command coalescing: calls of one kind (plain `set`s, plain `get`s) that a cache makes on one connection after
 * the first command of a tick wait, and leave together as one command at the end of the tick (see
 * `set-batch.ts` and `get-batch.ts`), instead of one command object each.
 *
 * One batch waits per connection at a time, of one kind: a call of the other kind, or any other request the
 * runner sends on the connection, first sends the waiting batch. So everything still reaches Redis in the order
 * it was made: a `get` made after a `set` reads it, a `set` made after a `get` is not seen by it.
 */
import { CachexError, type CachexErrorOptions, type ErrorContext } from '@cachex-js/core'
import type { RedisClient } from './connection.js'
import { beforeTickEnd, flushWrites } from './write-coalescing.js'

/**
 * Calls per batch. A full batch is sent at once, while the tick's other calls are still being made, so Redis
 * runs one batch while the client builds the next (measured with sets at 64 in flight: ~1.5x the throughput of
 * one batch per tick, which leaves Redis idle until the tick ends and the client idle while Redis runs it).
 */
export const MAX_BATCH = 32

/** Sends one command with the runner's semantics (`CommandRunner.command`): how a batch reaches Redis. */
export type SendCommand = (
  client: RedisClient,
  name: string,
  args: readonly (string | Buffer | number)[],
  context: ErrorContext,
  map?: (reply: unknown) => unknown,
  readOnly?: boolean,
) => Promise<unknown>

/** Sends commands as one MULTI/EXEC with the runner's semantics (`CommandRunner.transaction`). */
export type SendTransaction = (
  client: RedisClient,
  commands: readonly (readonly [name: string, args: readonly (string | Buffer | number)[]])[],
  context: ErrorContext,
) => Promise<unknown[]>

/** One caller waiting in a batch. */
interface PendingCall {
  readonly context: ErrorContext
  readonly map: ((reply: unknown) => unknown) | undefined
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
}

/**
 * The batch waiting on each connection, shared by every runner (two caches may share one client: a request of
 * either must send the other's waiting calls first).
 */
const waiting = new WeakMap<RedisClient, WaitingBatch>()

/** Sends the batch waiting on `client`, if any (call before writing anything else on it). */
export function flushWaiting(client: RedisClient): void {
  waiting.get(client)?.flush()
}

/**
 * The batch of `Kind` waiting on `client`, or a new one (after sending a waiting batch of another kind) that
 * `send` will send at the end of the tick at the latest.
 */
export function waitingBatch<B extends WaitingBatch>(
  client: RedisClient,
  Kind: new (client: RedisClient, send: (batch: B) => void) => B,
  send: (batch: B) => void,
): B {
  const batch = waiting.get(client)
  if (batch instanceof Kind) return batch
  batch?.flush()
  const created = new Kind(client, send)
  waiting.set(client, created)
  // Sent in the tick's socket write when a command went out in this tick (always, from the runner), else a
  // tick later.
  if (!beforeTickEnd(client, () => flushWaiting(client))) process.nextTick(() => created.flush())
  return created
}

/** Calls of one kind waiting for the end of the tick on one connection. */
export abstract class WaitingBatch {
  readonly #pending: PendingCall[] = []
  #sent = false

  /** Use {@link waitingBatch}. */
  constructor(readonly client: RedisClient) {}

  /** Writes the batch to its connection (called once, by {@link flush}). */
  protected abstract dispatch(): void

  /** Sends the batch (once): takes it off its connection first, so what `send` writes goes after nothing of it. */
  flush(): void {
    if (this.#sent) return
    this.#sent = true
    if (waiting.get(this.client) === this) waiting.delete(this.client)
    this.dispatch()
  }

  get size(): number {
    return this.#pending.length
  }

  /** The one caller of a batch of one, to send as a plain command. */
  get only(): { context: ErrorContext; map: ((reply: unknown) => unknown) | undefined } {
    return this.callAt(0)
  }

  /** The context and map of caller `index`. */
  protected callAt(index: number): { context: ErrorContext; map: ((reply: unknown) => unknown) | undefined } {
    return this.#pending[index]!
  }

  /** Queues one caller; resolves `map(reply)` (or the reply) once the batch is answered. Sends a full batch. */
  protected enqueue(context: ErrorContext, map: ((reply: unknown) => unknown) | undefined): Promise<unknown> {
    const reply = new Promise((resolve, reject) => {
      this.#pending.push({ context, map, resolve, reject })
    })
    if (this.#pending.length === MAX_BATCH) {
      this.flush()
      flushWrites(this.client)
    }
    return reply
  }

  /**
   * Settles every caller from the batch's outcome: caller `i` gets `map(replyOf(outcome, i))`; when `replyOf`
   * gives a promise, `map` of what it resolves to, or its rejection. If the batch fails, each caller gets the
   * outcome of `retry(error, i)` when that gives one (a call sent again on its own, settled as the caller's own),
   * else the batch's error with its own context (its key).
   */
  protected settleEach<T>(
    outcome: Promise<T>,
    replyOf: (outcome: T, index: number) => unknown,
    retry?: (error: unknown, index: number) => Promise<unknown> | undefined,
  ): void {
    const pending = this.#pending
    outcome.then(
      (value) => {
        for (let index = 0; index < pending.length; index++) {
          const call = pending[index]!
          try {
            const reply = replyOf(value, index)
            if (reply instanceof Promise) reply.then((late) => deliver(call, late), call.reject)
            else deliver(call, reply)
          } catch (error) {
            call.reject(error)
          }
        }
      },
      (error: unknown) => {
        for (let index = 0; index < pending.length; index++) {
          const call = pending[index]!
          const again = retry?.(error, index)
          if (again === undefined) call.reject(withContext(error, call.context))
          else again.then(call.resolve, call.reject)
        }
      },
    )
  }

  /** Pipes a plain command's outcome (sent with the caller's own context and map) to the batch's one caller. */
  settleOnly(outcome: Promise<unknown>): void {
    const call = this.#pending[0]!
    outcome.then(call.resolve, call.reject)
  }
}

/** Resolves `call` with `map(reply)` (or the reply), or rejects it with what `map` threw. */
function deliver(call: PendingCall, reply: unknown): void {
  try {
    call.resolve(call.map === undefined ? reply : call.map(reply))
  } catch (error) {
    call.reject(error)
  }
}

/** `error` with the caller's context (its key), one error object per caller. */
function withContext(error: unknown, context: ErrorContext): unknown {
  if (!(error instanceof CachexError)) return error
  const Class = error.constructor as new (message: string, options: CachexErrorOptions) => CachexError
  return new Class(error.message, { cause: error.cause, context: { ...error.context, ...context } })
}
