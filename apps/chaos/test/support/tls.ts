/** Test support: an ioredis client that survives ioredis's TLS double-error (open finding F1). */
import { Redis, type RedisOptions } from 'ioredis'

/**
 * Builds an ioredis client whose every socket keeps an `'error'` listener. WORKAROUND for an open finding
 * (docs/reliability.md, "TLS double error"): ioredis 6 listens with `stream.once('error')`, and a TLS socket
 * whose certificate is refused can emit a second error (the server's alert), which then crashes the process
 * as an uncaught exception. Remove once `@cachex-js/redis-client` guards its sockets itself.
 */
export function guardedClient(options: RedisOptions): Redis {
  const client = new Redis(options)
  let stream: unknown
  Object.defineProperty(client, 'stream', {
    configurable: true,
    enumerable: true,
    get: () => stream,
    set: (next: unknown) => {
      stream = next
      ;(next as { on?: (event: string, listener: () => void) => void } | undefined)?.on?.('error', () => undefined)
    },
  })
  return client
}
