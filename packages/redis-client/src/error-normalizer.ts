/**
 * The one place that decides what an ioredis failure means: everything a Redis command can throw
 * becomes a {@link CachexError} with a stable code and the original error as `cause`.
 */
import {
  CachexError,
  ConnectionError,
  KeyNotFoundError,
  NotAnIntegerError,
  NotSupportedError,
  TimeoutError,
  WrongTypeError,
  type ErrorContext,
} from '@cachex-js/core'

/** Socket-level error codes that mean "the server cannot be reached". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ERR_SSL_WRONG_VERSION_NUMBER',
])

/**
 * Reply codes (the reply's first word) that mean "this server cannot serve you now": the server is loading,
 * demoted, out of memory, refusing writes, reconfiguring its cluster, or refusing these credentials. They
 * are treated like an unreachable server (`E_CONNECTION`, which `ignoreExceptions` absorbs).
 */
const UNAVAILABLE_REPLIES = new Set([
  'LOADING',
  'READONLY',
  'MASTERDOWN',
  'NOREPLICAS',
  'BUSY',
  'CLUSTERDOWN',
  'TRYAGAIN',
  'MOVED',
  'ASK',
  'OOM',
  'MISCONF',
  'NOAUTH',
  'WRONGPASS',
  'NOPERM',
])

/**
 * `ERR` replies that also mean the server cannot take this client now: too many clients; an ACL refusal of a
 * command a Lua script calls (Redis 7 words it as an `ERR`, not `NOPERM`); and `EXEC without MULTI`, which is
 * what a client whose `MULTI` was refused (by an ACL) gets from its `EXEC`.
 */
const UNAVAILABLE_ERR =
  /^ERR (?:max number of clients reached|The user executing the script can't run this command|EXEC without MULTI)/i

/** A value (or result) that is not a number: INCRBY, INCRBYFLOAT, HINCRBYFLOAT, ZINCRBY... */
const NOT_A_NUMBER = /not an integer|would overflow|not a (?:valid )?float|not a number|NaN or Infinity/i

const REPLY_ERROR_NAMES = new Set(['ReplyError', 'SimpleError', 'BlobError'])

/** True when `error` is a Redis error reply (as opposed to a client or socket failure). */
export function isReplyError(error: unknown): error is Error {
  return error instanceof Error && REPLY_ERROR_NAMES.has(error.name)
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/** A Redis 6 script error wraps the reply of the failing call: `... @user_script:1: <reply>`. */
function innerScriptReply(message: string): string {
  const match = /^ERR Error running script .*?: @user_script:\d+: (.*)$/s.exec(message)
  return match ? match[1]! : message
}

function classifyReply(error: Error, context: ErrorContext): CachexError {
  const message = innerScriptReply(error.message)
  const upper = message.toUpperCase()
  const word = upper.split(/\s/, 1)[0] ?? ''
  const cause = error
  // Errors raised by redis.call inside a Lua script keep the original reply as the message's start.
  if (word === 'WRONGTYPE' || upper.includes('WRONGTYPE OPERATION')) {
    return new WrongTypeError('the key holds a value of another Redis type', { cause, context })
  }
  if (NOT_A_NUMBER.test(message)) {
    return new NotAnIntegerError('the value is not an integer (or the result leaves the 64-bit range)', {
      cause,
      context,
    })
  }
  if (upper.startsWith('ERR NO SUCH KEY')) {
    return new KeyNotFoundError('the key does not exist', { cause, context })
  }
  if (upper.startsWith('ERR INDEX OUT OF RANGE')) {
    return new KeyNotFoundError('index out of range: there is no element at that index', { cause, context })
  }
  if (word === 'EXECABORT') {
    // MULTI was discarded because a queued command was refused: that refusal is the real error.
    const previous = (error as { previousErrors?: unknown }).previousErrors
    const first = Array.isArray(previous) ? (previous as unknown[]).find(isReplyError) : undefined
    if (first) return classifyReply(first, context)
    // Redis 7 names the refusal in the reply itself when EXEC was refused (e.g. an ACL without +exec).
    const reason = /because of: (.+)$/s.exec(message)?.[1]
    if (reason !== undefined) {
      const refusal = new Error(reason, { cause: error })
      refusal.name = error.name
      return classifyReply(refusal, context)
    }
  }
  if (UNAVAILABLE_REPLIES.has(word) || UNAVAILABLE_ERR.test(message)) {
    return new ConnectionError(`the Redis server refused the command: ${message}`, {
      cause,
      context: { ...context, reply: word },
    })
  }
  if (word === 'CROSSSLOT') {
    return new NotSupportedError(
      `the keys of one command hash to different cluster slots (${message}); put them in one slot with a hash tag`,
      { cause, context: { ...context, reply: word } },
    )
  }
  if (upper.startsWith('ERR UNKNOWN COMMAND') || upper.includes('UNKNOWN SUBCOMMAND')) {
    return new NotSupportedError(`the Redis server does not support this command: ${message}`, { cause, context })
  }
  // Anything else (`ERR syntax error`, a wrong argument, a script error...) is a command this server does
  // not accept as sent: not an outage, so ignoreExceptions must not hide it.
  return new NotSupportedError(`the Redis server rejected the command: ${message}`, {
    cause,
    context: { ...context, reply: word },
  })
}

/**
 * Maps anything a Redis command threw to a {@link CachexError}:
 * - timeouts (`commandTimeout`, socket timeouts) -> `E_TIMEOUT`;
 * - a closed, unwritable or unreachable connection, retries or cluster redirections exhausted -> `E_CONNECTION`;
 * - error replies meaning the server cannot serve the cache now (`LOADING`, `READONLY`, `MASTERDOWN`,
 *   `CLUSTERDOWN`, `TRYAGAIN`, `MOVED`, `OOM`, `MISCONF`, `NOAUTH`, `WRONGPASS`, `NOPERM`, `BUSY`, too many
 *   clients...) -> `E_CONNECTION`, which `ignoreExceptions` absorbs (django-redis' "connection interrupted");
 * - `WRONGTYPE` -> `E_WRONG_TYPE`; not an integer / not a float / overflow -> `E_NOT_AN_INTEGER`;
 *   `no such key`, `index out of range` -> `E_KEY_NOT_FOUND`; `EXECABORT` -> what the refused command got;
 * - `CROSSSLOT`, an unknown command, and every other error reply (`ERR syntax error`, a bad argument, a
 *   script error) -> `E_NOT_SUPPORTED`: the server does not accept the command as sent, which is no
 *   outage, so `ignoreExceptions` never hides it.
 * A {@link CachexError} passes through unchanged.
 */
export function normalizeError(error: unknown, context: ErrorContext = {}): CachexError {
  if (error instanceof CachexError) return error
  const message = messageOf(error)
  if (isReplyError(error)) return classifyReply(error, context)
  if (message.startsWith('All the keys in a pipeline command should belong to the same slot')) {
    return new NotSupportedError(`the keys of one command hash to different cluster slots: ${message}`, {
      cause: error,
      context,
    })
  }
  if ((error as { name?: unknown } | null)?.name === 'MaxRetriesPerRequestError') {
    // ioredis failing the commands a closed connection carried (see `baseRedisOptions`)
    return new ConnectionError('the connection to Redis closed before it answered (the command may have run)', {
      cause: error,
      context,
    })
  }
  if (message === 'Command timed out' || message.startsWith('Socket timeout')) {
    return new TimeoutError('Redis did not answer within socketTimeout', { cause: error, context })
  }
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code === 'ETIMEDOUT') {
    return new TimeoutError('connecting to Redis timed out', { cause: error, context })
  }
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
    return new ConnectionError(`cannot reach Redis: ${message}`, { cause: error, context })
  }
  return new ConnectionError(`the Redis connection is not usable: ${message}`, { cause: error, context })
}

/** True for the codes `ignoreExceptions` absorbs: the server is unreachable, stalled or refusing. */
export function isIgnorable(error: unknown): boolean {
  return error instanceof CachexError && (error.code === 'E_CONNECTION' || error.code === 'E_TIMEOUT')
}
