/**
 * One place that turns errors into HTTP answers: cachex error codes map to statuses, everything answers
 * JSON `{ error, message }`.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { isCachexError, type ErrorCode } from 'cachex'

/** An error with an HTTP status, thrown by the demo's own checks. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  E_CONFIG: 400,
  E_INVALID_KEY: 400,
  E_SERIALIZATION: 400,
  E_KEY_NOT_FOUND: 404,
  E_NOT_AN_INTEGER: 409,
  E_WRONG_TYPE: 409,
  E_LOCK_NOT_OWNED: 409,
  E_LOCK_NOT_HELD: 409,
  E_DESERIALIZATION: 422,
  E_NOT_SUPPORTED: 501,
  E_CONNECTION: 503,
  E_TIMEOUT: 503,
}

/** Installs the error handler on `app`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({ error: error.code, message: error.message })
    }
    if (isCachexError(error)) {
      const status = STATUS_BY_CODE[error.code] ?? 500
      if (status >= 500) request.log.warn({ err: error }, 'cache error')
      return reply.status(status).send({ error: error.code, message: error.message })
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500
    if (status >= 500) request.log.error({ err: error }, 'request failed')
    return reply.status(status).send({ error: 'E_HTTP', message: error.message })
  })
}

/** Throws 503 unless Redis is behind the demo (structures, locks and raw commands need it). */
export function needsRedis<T>(redis: T | undefined, feature: string): T {
  if (redis === undefined) {
    throw new HttpError(503, 'E_NEEDS_REDIS', `${feature} needs Redis; the demo is running on MemoryCache`)
  }
  return redis
}
