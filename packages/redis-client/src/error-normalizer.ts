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

/** Reply prefixes that mean "this server cannot serve you now" (treated like an unreachable server). */
const UNAVAILABLE_REPLIES = [
  'LOADING',
  'READONLY',
  'MASTERDOWN',
  'BUSY',
  'CLUSTERDOWN',
  'TRYAGAIN',
  'OOM',
  'MISCONF',
  'NOAUTH',
  'WRONGPASS',
  'NOPERM',
]

const REPLY_ERROR_NAMES = new Set(['ReplyError', 'SimpleError', 'BlobError'])

/** True when `error` is a Redis error reply (as opposed to a client or socket failure). */
export function isReplyError(error: unknown): error is Error {
  return error instanceof Error && REPLY_ERROR_NAMES.has(error.name)
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

function classifyReply(message: string, context: ErrorContext, cause: unknown): CachexError {
  const upper = message.toUpperCase()
  // Errors raised by redis.call inside a Lua script keep the original reply as the message's start.
  if (upper.startsWith('WRONGTYPE') || upper.includes('WRONGTYPE OPERATION')) {
    return new WrongTypeError('the key holds a value of another Redis type', { cause, context })
  }
  if (upper.includes('NOT AN INTEGER') || upper.includes('WOULD OVERFLOW')) {
    return new NotAnIntegerError('the value is not an integer (or the result leaves the 64-bit range)', {
      cause,
      context,
    })
  }
  if (upper.startsWith('ERR NO SUCH KEY')) {
    return new KeyNotFoundError('the key does not exist', { cause, context })
  }
  if (upper.startsWith('ERR UNKNOWN COMMAND') || upper.includes('UNKNOWN SUBCOMMAND')) {
    return new NotSupportedError(`the Redis server does not support this command: ${message}`, { cause, context })
  }
  const word = upper.split(/\s/, 1)[0] ?? ''
  const reason = UNAVAILABLE_REPLIES.includes(word)
    ? 'the Redis server refused the command'
    : 'Redis replied with an error'
  return new ConnectionError(`${reason}: ${message}`, { cause, context: { ...context, reply: word } })
}

/**
 * Maps anything a Redis command threw to a {@link CachexError}:
 * - timeouts (`commandTimeout`, socket timeouts) -> `E_TIMEOUT`;
 * - a closed, unwritable or unreachable connection, retries exhausted -> `E_CONNECTION`;
 * - `WRONGTYPE` -> `E_WRONG_TYPE`; `not an integer`/overflow -> `E_NOT_AN_INTEGER`; `no such key` -> `E_KEY_NOT_FOUND`;
 * - an unknown command -> `E_NOT_SUPPORTED`;
 * - any other error reply (`LOADING`, `READONLY`, `OOM`, `NOPERM`...) -> `E_CONNECTION`: the server
 *   cannot serve the cache, which is what `ignoreExceptions` is meant to absorb (django-redis does the same).
 * A {@link CachexError} passes through unchanged.
 */
export function normalizeError(error: unknown, context: ErrorContext = {}): CachexError {
  if (error instanceof CachexError) return error
  const message = messageOf(error)
  if (isReplyError(error)) return classifyReply(message, context, error)
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
