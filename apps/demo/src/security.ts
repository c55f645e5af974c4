/**
 * Safe by default: requests must name a loopback host (DNS-rebinding guard), and every edit must carry the
 * token printed at start (`x-demo-token` header). Reads need no token.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HttpError } from './http-errors.js'

/** The header edits carry the token in. */
export const TOKEN_HEADER = 'x-demo-token'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

function hostname(hostHeader: string | undefined): string {
  if (hostHeader === undefined) return ''
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!
}

/** Refuses requests whose `Host` is neither loopback nor one of `extraHosts` (the configured bind host). */
export function installHostCheck(app: FastifyInstance, extraHosts: readonly string[] = []): void {
  const allowed = new Set([...LOOPBACK, ...extraHosts])
  app.addHook('onRequest', (request, _reply, done) => {
    if (allowed.has(hostname(request.headers.host).toLowerCase())) return done()
    done(new HttpError(421, 'E_HOST', `this demo only answers requests for ${[...allowed].join(', ')}`))
  })
}

/** A preHandler that refuses requests without the right token. */
export function requireToken(token: string) {
  const expected = Buffer.from(token)
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    const given = request.headers[TOKEN_HEADER]
    const candidate = Buffer.from(typeof given === 'string' ? given : '')
    if (candidate.length === 0) {
      return done(
        new HttpError(401, 'E_TOKEN', `editing needs the token printed at start, in the ${TOKEN_HEADER} header`),
      )
    }
    if (candidate.length !== expected.length || !timingSafeEqual(candidate, expected)) {
      return done(new HttpError(403, 'E_TOKEN', 'wrong token'))
    }
    done()
  }
}
