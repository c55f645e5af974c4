/**
 * Test support: throwaway certificates made with openssl — the CA the server's certificate is signed by,
 * a server certificate for IP 127.0.0.1 only, and an unrelated ("wrong") CA.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis, type RedisOptions } from 'ioredis'

/** Paths and texts of the generated files. */
export interface Certificates {
  caFile: string
  certFile: string
  keyFile: string
  /** The CA that signed the server certificate (PEM). */
  ca: string
  /** A CA that signed nothing the server presents (PEM). */
  wrongCa: string
  remove(): void
}

/** Generates the CAs and the server certificate in a temp dir (RSA 2048, valid 2 days). */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'cachex-chaos-tls-'))
  const file = (name: string) => join(dir, name)
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  const makeCa = (name: string) =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.crt`),
    )
  makeCa('ca')
  makeCa('wrong-ca')
  writeFileSync(file('san.cnf'), 'subjectAltName=IP:127.0.0.1\n')
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  )
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('san.cnf'),
    '-out',
    file('server.crt'),
  )
  return {
    caFile: file('ca.crt'),
    certFile: file('server.crt'),
    keyFile: file('server.key'),
    ca: readFileSync(file('ca.crt'), 'utf8'),
    wrongCa: readFileSync(file('wrong-ca.crt'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A TCP port that was free a moment ago (for the server's `tls-port`). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

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
