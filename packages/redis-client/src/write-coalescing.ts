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

/** The count of a tick whose first command was written at once, uncorked (its socket was `quiet`). */
const SENT_AT_ONCE = 0
/** The count between ticks: nothing sent on the socket in the current tick. */
const IDLE = -1

/** What cachex knows of one socket's ticks (one object per socket, kept while the socket lives). */
interface SocketTicks {
  readonly stream: Writable
  /**
   * Commands sent in the current tick (its {@link endTick} is scheduled); {@link SENT_AT_ONCE} while its one
   * command went out uncorked; `Infinity` once the early flush is done; {@link IDLE} between ticks. The socket is
   * corked by cachex when the count is 1 or more (a cork of someone else's is not counted).
   */
  count: number
  /**
   * The last tick sent one command: the next tick's first command is written at once, uncorked (a lone
   * caller's command then skips the cork, the tick's callback and the stream's buffered-write path: measured
   * ~0.3-0.5 µs of ~25 µs per awaited `get`); a second command in that tick corks the socket for the rest of it.
   */
  quiet: boolean
  /** What to send just before the tick's writes leave (see {@link beforeTickEnd}). */
  tickEnd: (() => void) | undefined
}

const sockets = new WeakMap<Writable, SocketTicks>()

/** `client`'s socket; `undefined` when it has none of its own (a `Cluster`, which routes to one per node). */
function streamOf(client: RedisClient): Writable | undefined {
  return (client as { stream?: Writable }).stream
}

/** The tick state of `client`'s socket, made on first use; `undefined` when it has no socket of its own. */
function ticksOf(client: RedisClient): SocketTicks | undefined {
  const stream = streamOf(client)
  if (stream === undefined) return undefined
  let ticks = sockets.get(stream)
  if (ticks === undefined) sockets.set(stream, (ticks = { stream, count: IDLE, quiet: false, tickEnd: undefined }))
  return ticks
}

/** Ends a socket's tick: sends what waits for it, uncorks the socket, and notes whether the tick was quiet. */
function endTick(ticks: SocketTicks): void {
  const last = ticks.tickEnd
  if (last !== undefined) {
    ticks.tickEnd = undefined
    last() // its commands join this tick's write
  }
  const count = ticks.count
  ticks.count = IDLE
  ticks.quiet = count === SENT_AT_ONCE || count === 1
  if (count !== SENT_AT_ONCE) ticks.stream.uncork()
}

/**
 * Corks `client`'s socket for the rest of the current tick, unless it is corked already (a command sent
 * earlier in this tick did it) or its last tick sent only one command (then this tick's first command is
 * written at once, and a second one corks it); the socket is uncorked on `process.nextTick`, and once early,
 * at the {@link EARLY_FLUSH_AT}th command of the tick.
 */
export function coalesceWrites(client: RedisClient): void {
  const ticks = ticksOf(client)
  if (ticks === undefined || !ticks.stream.writable) return
  const { stream, count } = ticks
  if (count === IDLE) {
    if (stream.writableCorked !== 0) return // corked by someone else: their uncork sends it
    process.nextTick(endTick, ticks)
    if (ticks.quiet) ticks.count = SENT_AT_ONCE
    else {
      stream.cork()
      ticks.count = 1
    }
  } else if (count === SENT_AT_ONCE) {
    stream.cork()
    ticks.count = 2
  } else if (count === Infinity) {
    return
  } else if (count + 1 < EARLY_FLUSH_AT) {
    ticks.count = count + 1
  } else {
    ticks.count = Infinity
    stream.uncork()
    stream.cork()
  }
}

/**
 * Runs `write`, whose commands on `client`'s socket count as one request of the tick (a transaction: a lone
 * caller's next tick is still written at once) and leave in one socket write, corked by the tick or, when the
 * socket is not corked, for the time of `write`.
 */
export function writeAsOne<T>(client: RedisClient, write: () => T): T {
  coalesceWrites(client)
  const stream = streamOf(client)
  if (stream === undefined || stream.writableCorked !== 0) return write()
  stream.cork()
  try {
    return write()
  } finally {
    stream.uncork()
  }
}

/**
 * Sends what is corked on `client`'s socket now and keeps it corked for the rest of the tick: Redis starts on
 * a full batch while the rest of the tick's commands are still being built.
 */
export function flushWrites(client: RedisClient): void {
  const stream = streamOf(client)
  if (stream === undefined || stream.writableCorked === 0) return
  stream.uncork()
  stream.cork()
}

/**
 * Whether a command has gone out on `client`'s socket in the current tick (its socket is corked until the tick
 * ends): the calls cachex may coalesce are only held back after one has, so a lone call leaves at once.
 */
export function sentThisTick(client: RedisClient): boolean {
  const stream = streamOf(client)
  return stream !== undefined && (sockets.get(stream)?.count ?? IDLE) !== IDLE
}

/**
 * Runs `send` just before the writes of the current tick leave `client`'s socket, so that what it sends goes in
 * the same write (once per tick: a `send` registered earlier in the tick is kept, and is expected to do the
 * same). `false` when nothing was sent on the socket in this tick: nothing is registered.
 */
export function beforeTickEnd(client: RedisClient, send: () => void): boolean {
  const stream = streamOf(client)
  const ticks = stream === undefined ? undefined : sockets.get(stream)
  if (ticks === undefined || ticks.count === IDLE) return false
  ticks.tickEnd ??= send
  return true
}
