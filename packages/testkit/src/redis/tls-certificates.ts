import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Throwaway TLS material for tests: paths of the files and the PEM texts clients need. */
export interface TlsCertificates {
  /** The temp dir holding every file. */
  dir: string
  /** The CA that signed the server certificate. */
  caFile: string
  /** The server certificate (subjectAltName IP:127.0.0.1 only) and its key, for `tls-cert-file`/`tls-key-file`. */
  certFile: string
  keyFile: string
  /** The CA certificate (PEM), for a client's `tls.ca`. */
  ca: string
  /** An unrelated CA (PEM) that signed nothing the server presents: a client trusting only it must be refused. */
  wrongCa: string
  /** `redis-server` settings serving TLS on `tlsPort` with these files (clients need not present a certificate). */
  serverConfig(tlsPort: number): string[]
  /** Deletes the temp dir. */
  remove(): void
}

/**
 * Generates, with `openssl` (RSA 2048, valid 2 days), a CA, a server certificate for IP 127.0.0.1 signed by it
 * and an unrelated "wrong" CA, in a fresh temp dir. Pair with `startStandalone({ config: certs.serverConfig(port) })`.
 */
export function createTlsCertificates(): TlsCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'cachex-tls-'))
  const file = (name: string): string => join(dir, name)
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  }
  const makeCa = (name: string): void =>
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=cachex test ${name}`,
      '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`)) // prettier-ignore
  makeCa('ca')
  makeCa('wrong-ca')
  writeFileSync(file('san.cnf'), 'subjectAltName=IP:127.0.0.1\n')
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1',
    '-keyout', file('server.key'), '-out', file('server.csr')) // prettier-ignore
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-days', '2', '-extfile', file('san.cnf'), '-out', file('server.crt')) // prettier-ignore
  const certificates: TlsCertificates = {
    dir,
    caFile: file('ca.crt'),
    certFile: file('server.crt'),
    keyFile: file('server.key'),
    ca: readFileSync(file('ca.crt'), 'utf8'),
    wrongCa: readFileSync(file('wrong-ca.crt'), 'utf8'),
    serverConfig: (tlsPort) => [
      `tls-port ${tlsPort}`,
      `tls-cert-file ${certificates.certFile}`,
      `tls-key-file ${certificates.keyFile}`,
      `tls-ca-cert-file ${certificates.caFile}`,
      'tls-auth-clients no',
    ],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
  return certificates
}
