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
import { WaitingBatch, type SendCommand } from './waiting-batch.js'

/**
 * Values this large on average stop the coalescing for a while: a batch of them is one reply of many megabytes
 * whose values are all decoded, and alive, at once, where plain GETs decode and free them one by one. Measured
 * in the bench at ~1 MB and 64 in flight: ~6% fewer gets per second coalesced; at ~10 KB coalescing is ~1.5x.
 */
export const LARGE_VALUE_BYTES = 256 * 1024
/** How many gets a connection then sends one by one before a batch looks at the values' size again. */
export const PLAIN_GETS_AFTER_LARGE_VALUES = 1000

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
   * Sends the batch with `command`: a plain GET when it holds one, else one MGET and one EXISTS, and settles every
   * caller from them. When the counts disagree, each key MGET found no value for is read again, only to tell a key
   * of another type (`E_WRONG_TYPE`) from a missing one: it still reads as missing, as MGET saw it (a value written
   * since, by a later call, is not taken), and so it does if that read has not answered within `timeoutMs` of the
   * batch. If the server refuses MGET or EXISTS (an ACL allowing GET only), `refused(client)` is called and each
   * get is sent again on its own. `sendPlain(client, gets)` is told how many of the connection's next gets to send
   * one by one: all of them (`Infinity`) when the server refused, {@link PLAIN_GETS_AFTER_LARGE_VALUES} when the
   * values found average {@link LARGE_VALUE_BYTES} or more.
   */
  sendWith(command: SendCommand, timeoutMs: number, sendPlain: (client: RedisClient, gets: number) => void): void {
    const { client, keys } = this
    const get = (index: number, raw: boolean) => {
      const { context, map } = this.callAt(index)
      return command(client, 'get', [keys[index]!], context, raw ? undefined : map, true)
    }
    if (this.size === 1) {
      this.settleOnly(get(0, false))
      return
    }
    const deadline = performance.now() + timeoutMs
    const context: ErrorContext = { operation: 'get' }
    const values = command(client, 'mget', keys, context, undefined, true)
    const present = command(client, 'exists', keys, context, undefined, true)
    const outcome = Promise.all([values, present]).then(([replies, count]) => {
      const found = replies as (Buffer | null)[]
      let hits = 0
      let bytes = 0
      for (const value of found) {
        if (value === null) continue
        hits++
        bytes += value.length
      }
      if (bytes >= hits * LARGE_VALUE_BYTES && hits > 0) sendPlain(client, PLAIN_GETS_AFTER_LARGE_VALUES)
      return { found, exact: hits === Number(count) }
    })
    this.settleEach(
      outcome,
      ({ found, exact }, index) => {
        const value = found[index]!
        return value !== null || exact ? value : missingUnlessWrongType(get(index, true), deadline)
      },
      (error, index) => {
        if (!(error instanceof CachexError) || error.context.reply !== 'NOPERM') return undefined
        sendPlain(client, Infinity)
        return get(index, false)
      },
    )
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
