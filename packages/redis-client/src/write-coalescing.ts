/**
 * Write coalescing: the commands cachex sends on one connection within one tick of the event loop
 * leave in one socket write (two in a busy tick).
 *
 * ioredis writes each command to its socket as it is sent, one system call per command; under load that
 * call, not Redis, is most of a small `get`'s cost (measured: 6.8 µs of client CPU per GET at 64 in flight,
 * 3.2 µs with coalescing, and 1.55x the throughput). Corking the socket until the current tick ends
 * (`Writable.cork()`/`uncork()`, public stream API) keeps the commands in order and sends them together;
 * nothing waits for a timer, so a lone command leaves as soon as the code that sent it yields; a busy tick's
 * first commands leave early so that Redis works while the rest are built. Clients
 * without a socket of their own (a `Cluster`, which routes to one socket per node) are left as they are.
 */
import type { Writable } from 'node:stream'
import type { RedisClient } from './connection.js'

/**
 * Commands after which a tick's corked writes leave early, once per tick: Redis starts on them while the client
 * builds the rest (measured at 64 in flight: ~1.25x the `get` throughput of holding everything to the tick's
 * end, which leaves Redis idle meanwhile; the same at 256). Sending after every 16 or 32 cost more in system
 * calls than it gained at 256 in flight.
 */
export const EARLY_FLUSH_AT = 32

/**
 * The sockets cachex sent on in this tick (their {@link endTick} is scheduled), with the commands sent so far,
 * {@link SENT_AT_ONCE} while the tick's one command went out uncorked, or `Infinity` once the early flush is done.
 * The socket is corked by cachex unless the count is {@link SENT_AT_ONCE} (a cork of someone else's is not here).
 */
const counts = new Map<Writable, number>()

/** The count of a tick whose first command was written at once, uncorked (its socket was {@link quiet}). */
const SENT_AT_ONCE = 0

/**
 * The sockets whose last tick sent one command: the next tick's first command is written at once, uncorked (a
 * lone caller's command then skips the cork, the tick's callback and the stream's buffered-write path: measured
 * ~0.3-0.5 µs of ~25 µs per awaited `get`); a second command in that tick corks the socket for the rest of it.
 */
const quiet = new WeakSet<Writable>()

/** What to send on each socket just before its tick's writes leave (see {@link beforeTickEnd}). */
const tickEnds = new Map<Writable, () => void>()

/** Ends `stream`'s tick: sends what waits for it, uncorks the socket, and notes whether the tick was quiet. */
function endTick(stream: Writable): void {
  const last = tickEnds.get(stream)
  if (last !== undefined) {
    tickEnds.delete(stream)
    last() // its commands join this tick's write
  }
  const count = counts.get(stream)
  counts.delete(stream)
  if (count === SENT_AT_ONCE || count === 1) quiet.add(stream)
  else quiet.delete(stream)
  if (count !== SENT_AT_ONCE) stream.uncork()
}

/**
 * Corks `client`'s socket for the rest of the current tick, unless it is corked already (a command sent
 * earlier in this tick did it) or its last tick sent only one command (then this tick's first command is
 * written at once, and a second one corks it); the socket is uncorked on `process.nextTick`, and once early,
 * at the {@link EARLY_FLUSH_AT}th command of the tick.
 */
export function coalesceWrites(client: RedisClient): void {
  const stream = (client as { stream?: Writable }).stream
  if (stream === undefined || !stream.writable) return
  const count = counts.get(stream)
  if (count === undefined) {
    if (stream.writableCorked !== 0) return // corked by someone else: their uncork sends it
    process.nextTick(endTick, stream)
    if (quiet.has(stream)) counts.set(stream, SENT_AT_ONCE)
    else {
      stream.cork()
      counts.set(stream, 1)
    }
  } else if (count === SENT_AT_ONCE) {
    stream.cork()
    counts.set(stream, 2)
  } else if (count === Infinity) {
    return
  } else if (count + 1 < EARLY_FLUSH_AT) {
    counts.set(stream, count + 1)
  } else {
    counts.set(stream, Infinity)
    stream.uncork()
    stream.cork()
  }
}

/**
 * Sends what is corked on `client`'s socket now and keeps it corked for the rest of the tick: Redis starts on
 * a full batch while the rest of the tick's commands are still being built.
 */
export function flushWrites(client: RedisClient): void {
  const stream = (client as { stream?: Writable }).stream
  if (stream === undefined || stream.writableCorked === 0) return
  stream.uncork()
  stream.cork()
}

/**
 * Whether a command has gone out on `client`'s socket in the current tick (its socket is corked until the tick
 * ends): the calls cachex may coalesce are only held back after one has, so a lone call leaves at once.
 */
export function sentThisTick(client: RedisClient): boolean {
  const stream = (client as { stream?: Writable }).stream
  return stream !== undefined && counts.has(stream)
}

/**
 * Runs `send` just before the writes of the current tick leave `client`'s socket, so that what it sends goes in
 * the same write (once per tick: a `send` registered earlier in the tick is kept, and is expected to do the
 * same). `false` when nothing was sent on the socket in this tick: nothing is registered.
 */
export function beforeTickEnd(client: RedisClient, send: () => void): boolean {
  const stream = (client as { stream?: Writable }).stream
  if (stream === undefined || !counts.has(stream)) return false
  if (!tickEnds.has(stream)) tickEnds.set(stream, send)
  return true
}
