/**
 * Get coalescing: the plain `get`s (`GET key`) a cache makes on one connection after the first command of a tick
 * go to Redis as one `MGET` and one `EXISTS` over the same keys, instead of one GET each (see `waiting-batch.ts`
 * for when a batch leaves and how order is kept).
 *
 * Under load most of a small `get`'s client CPU is ioredis building, queueing and answering one command object;
 * one MGET answers 32 gets for little more than one (measured on raw ioredis, ~100 B values: 2-2.5x the GETs'
 * throughput at 64 and 256 in flight, the same at 1 MB). A Lua script calling GET per key would keep GET's exact
 * replies too, but it copies every value through Lua: 4x slower than GET at 1 MB, 2.6x at 10 KB.
 *
 * MGET differs from GET in one way: a key holding another Redis type (a hash) reads as missing where GET fails
 * with WRONGTYPE. The `EXISTS` sent with it tells them apart: when it counts as many keys as MGET found values,
 * every missing one is really missing (the usual case, no extra round trip); otherwise the missing ones are sent
 * again as plain GETs, so a key of another type gets `E_WRONG_TYPE` exactly as with a single GET (a key changed
 * by another client between the two commands is also read again, which is as good as any order of concurrent
 * calls).
 */
import { CachexError, type ErrorContext } from '@cachex-js/core'
import type { RedisClient } from './connection.js'
import { WaitingBatch } from './waiting-batch.js'

/** A GET sent on its own (`map` undefined: the raw reply), settling as that caller's own call would. */
export type SendGet = (
  key: string,
  context: ErrorContext,
  map: ((reply: unknown) => unknown) | undefined,
) => Promise<unknown>

/** The gets waiting for the end of the tick on one connection. */
export class GetBatch extends WaitingBatch {
  readonly keys: string[] = []

  /** Use `waitingBatch(client, GetBatch, send)`. */
  constructor(
    client: RedisClient,
    readonly send: (batch: GetBatch) => void,
  ) {
    super(client)
  }

  protected dispatch(): void {
    this.send(this)
  }

  /** Queues one GET; resolves `map(reply)` (or the reply) once the batch is answered. */
  add(key: string, context: ErrorContext, map: ((reply: unknown) => unknown) | undefined): Promise<unknown> {
    this.keys.push(key)
    return this.enqueue(context, map)
  }

  /**
   * Settles every caller from the batch's `MGET` reply and `EXISTS` count. When they disagree, each key MGET found
   * no value for is read again with `get`, only to tell a key of another type (`E_WRONG_TYPE`) from a missing one:
   * it still reads as missing, as MGET saw it (a value written since, by a later call, is not taken), and if the
   * read has not answered by `deadline` (`performance.now()` milliseconds), as missing too. When the batch fails,
   * `retry` may send a caller's get again on its own (see {@link WaitingBatch.settleEach}).
   */
  settle(
    replies: Promise<[values: unknown, present: unknown]>,
    get: SendGet,
    deadline: number,
    retry: (error: unknown, index: number) => Promise<unknown> | undefined,
  ): void {
    const outcome = replies.then(([values, present]) => {
      const found = values as (Buffer | null)[]
      let count = 0
      for (const value of found) if (value !== null) count++
      return { found, exact: count === Number(present) }
    })
    const check = ({ found, exact }: Awaited<typeof outcome>, index: number) => {
      const value = found[index]!
      if (value !== null || exact) return value
      return missingUnlessWrongType(get(this.keys[index]!, this.callAt(index).context, undefined), deadline)
    }
    this.settleEach(outcome, check, retry)
  }

  /** The context and map of caller `index` (to send its get again on its own). */
  caller(index: number): { key: string; context: ErrorContext; map: ((reply: unknown) => unknown) | undefined } {
    return { key: this.keys[index]!, ...this.callAt(index) }
  }
}

/** `null` (missing), unless `read` fails with `E_WRONG_TYPE` before `deadline`: then that error. */
function missingUnlessWrongType(read: Promise<unknown>, deadline: number): Promise<null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), Math.max(0, deadline - performance.now()))
    read.then(
      () => {
        clearTimeout(timer)
        resolve(null)
      },
      (error: unknown) => {
        clearTimeout(timer)
        if (error instanceof CachexError && error.code === 'E_WRONG_TYPE') reject(error)
        else resolve(null)
      },
    )
  })
}
