/**
 * Every error cachex raises is a {@link CachexError} with a stable `code`.
 * Codes never change meaning between releases; match on `code`, not on the message.
 */

/** The stable error codes of cachex (CONTRACT section 10). */
export const ErrorCode = {
  CONFIG: 'E_CONFIG',
  INVALID_KEY: 'E_INVALID_KEY',
  KEY_NOT_FOUND: 'E_KEY_NOT_FOUND',
  NOT_AN_INTEGER: 'E_NOT_AN_INTEGER',
  SERIALIZATION: 'E_SERIALIZATION',
  DESERIALIZATION: 'E_DESERIALIZATION',
  WRONG_TYPE: 'E_WRONG_TYPE',
  CONNECTION: 'E_CONNECTION',
  TIMEOUT: 'E_TIMEOUT',
  LOCK_NOT_OWNED: 'E_LOCK_NOT_OWNED',
  LOCK_NOT_HELD: 'E_LOCK_NOT_HELD',
  NOT_SUPPORTED: 'E_NOT_SUPPORTED',
} as const

/** One of the stable error codes, e.g. `'E_KEY_NOT_FOUND'`. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Structured facts about an error: the key, the option, the codec involved. Never secrets. */
export interface ErrorContext {
  /** The user key (not the full Redis key) the operation was about. */
  key?: string
  /** The configuration field or option at fault, e.g. `options.serializer`. */
  field?: string
  /** The codec id involved, e.g. `cbor` or `gzip`. */
  codec?: string
  /** The operation that failed, e.g. `incr`. */
  operation?: string
  [extra: string]: unknown
}

/** Options accepted by every {@link CachexError} constructor. */
export interface CachexErrorOptions {
  cause?: unknown
  context?: ErrorContext
}

/** The base class of every error cachex throws. */
export class CachexError extends Error {
  /** The stable machine-readable code. */
  readonly code: ErrorCode
  /** Structured facts about the failure. */
  readonly context: ErrorContext

  constructor(code: ErrorCode, message: string, options: CachexErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.context = options.context ?? {}
  }
}

function defineError<C extends ErrorCode>(code: C, name: string) {
  const Class = class extends CachexError {
    declare readonly code: C
    constructor(message: string, options?: CachexErrorOptions) {
      super(code, message, options)
    }
  }
  Object.defineProperty(Class, 'name', { value: name })
  return Class
}

/** A configuration value is invalid; `context.field` names it. */
export const ConfigError = defineError(ErrorCode.CONFIG, 'ConfigError')
/** A key is not a string. */
export const InvalidKeyError = defineError(ErrorCode.INVALID_KEY, 'InvalidKeyError')
/** The key an operation needs (incr, incrVersion...) does not exist. */
export const KeyNotFoundError = defineError(ErrorCode.KEY_NOT_FOUND, 'KeyNotFoundError')
/** `incr`/`decr` met a value that is not an integer. */
export const NotAnIntegerError = defineError(ErrorCode.NOT_AN_INTEGER, 'NotAnIntegerError')
/** A value cannot be encoded; nothing was written. */
export const SerializationError = defineError(ErrorCode.SERIALIZATION, 'SerializationError')
/** Stored bytes cannot be decoded (corrupt, truncated, unknown codec, too large when inflated). */
export const DeserializationError = defineError(ErrorCode.DESERIALIZATION, 'DeserializationError')
/** A key holds a different Redis type than the operation needs. */
export const WrongTypeError = defineError(ErrorCode.WRONG_TYPE, 'WrongTypeError')
/** The server cannot be reached or the connection broke. */
export const ConnectionError = defineError(ErrorCode.CONNECTION, 'ConnectionError')
/** The server did not answer within `socketTimeout`. */
export const TimeoutError = defineError(ErrorCode.TIMEOUT, 'TimeoutError')
/** A lock is held by another owner or expired. */
export const LockNotOwnedError = defineError(ErrorCode.LOCK_NOT_OWNED, 'LockNotOwnedError')
/** A lock operation needs a lock that was never acquired. */
export const LockNotHeldError = defineError(ErrorCode.LOCK_NOT_HELD, 'LockNotHeldError')
/** The operation cannot be made correct on this backend or topology. */
export const NotSupportedError = defineError(ErrorCode.NOT_SUPPORTED, 'NotSupportedError')

/* Each error class is also a type, so `catch (e) { if (e instanceof KeyNotFoundError) ... }` narrows. */
export type ConfigError = InstanceType<typeof ConfigError>
export type InvalidKeyError = InstanceType<typeof InvalidKeyError>
export type KeyNotFoundError = InstanceType<typeof KeyNotFoundError>
export type NotAnIntegerError = InstanceType<typeof NotAnIntegerError>
export type SerializationError = InstanceType<typeof SerializationError>
export type DeserializationError = InstanceType<typeof DeserializationError>
export type WrongTypeError = InstanceType<typeof WrongTypeError>
export type ConnectionError = InstanceType<typeof ConnectionError>
export type TimeoutError = InstanceType<typeof TimeoutError>
export type LockNotOwnedError = InstanceType<typeof LockNotOwnedError>
export type LockNotHeldError = InstanceType<typeof LockNotHeldError>
export type NotSupportedError = InstanceType<typeof NotSupportedError>

/** The error class for each code, so callers and normalisers can build errors by code. */
export const errors = {
  [ErrorCode.CONFIG]: ConfigError,
  [ErrorCode.INVALID_KEY]: InvalidKeyError,
  [ErrorCode.KEY_NOT_FOUND]: KeyNotFoundError,
  [ErrorCode.NOT_AN_INTEGER]: NotAnIntegerError,
  [ErrorCode.SERIALIZATION]: SerializationError,
  [ErrorCode.DESERIALIZATION]: DeserializationError,
  [ErrorCode.WRONG_TYPE]: WrongTypeError,
  [ErrorCode.CONNECTION]: ConnectionError,
  [ErrorCode.TIMEOUT]: TimeoutError,
  [ErrorCode.LOCK_NOT_OWNED]: LockNotOwnedError,
  [ErrorCode.LOCK_NOT_HELD]: LockNotHeldError,
  [ErrorCode.NOT_SUPPORTED]: NotSupportedError,
} as const

/** True when `error` is a {@link CachexError}, optionally with the given code. */
export function isCachexError(error: unknown, code?: ErrorCode): error is CachexError {
  return error instanceof CachexError && (code === undefined || error.code === code)
}
