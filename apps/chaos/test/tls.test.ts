/**
 * TLS with certificate verification, on a dedicated server with a `tls-port`: the right CA connects (and the
 * peer is verified), a wrong CA, no CA, a name the certificate does not carry and plain text to the TLS port
 * are all refused with `E_CONNECTION`/`E_TIMEOUT` within the hang bound, nothing is written, and no call hangs.
 */
import type { TLSSocket } from 'node:tls'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { reportFigure } from './support/figures.js'
import { watchProcess } from './support/process-health.js'
import { adminClient, dedicatedServer, stopServer, testCache, uniquePrefix } from './support/redis.js'
import { settleWithin } from '@cachex-js/testkit'
import { allocatePort, createTlsCertificates, type TlsCertificates } from '@cachex-js/testkit/redis'

const SOCKET_TIMEOUT = 0.5
const HANG_BOUND_MS = 5000

describe('TLS', () => {
  let certificates: TlsCertificates
  let server: RedisStandalone
  let tlsUrl: string
  beforeAll(async () => {
    certificates = createTlsCertificates()
    const tlsPort = await allocatePort()
    server = await dedicatedServer({
      config: certificates.serverConfig(tlsPort),
    })
    tlsUrl = `rediss://127.0.0.1:${tlsPort}`
  })
  afterAll(async () => {
    await stopServer(server)
    certificates?.remove()
  })

  it('connects with the CA that signed the server certificate, and verifies the peer', async () => {
    const cache = testCache({
      location: tlsUrl,
      keyPrefix: uniquePrefix('tls'),
      options: { tls: { ca: certificates.ca } },
    })
    await cache.set('secret', { card: '4242' })
    expect(await cache.get('secret')).toEqual({ card: '4242' })
    const socket = (cache.getConnection() as Redis).stream as TLSSocket
    expect(socket.encrypted).toBe(true)
    expect(socket.authorized).toBe(true)
    expect(socket.getPeerCertificate().subject.CN).toBe('127.0.0.1')
  })

  it('refuses a server whose certificate a wrong CA, no CA or another name cannot verify', async () => {
    const health = watchProcess()
    const admin = adminClient(server.url)
    const prefix = uniquePrefix('tls-refused')
    const cases = {
      'wrong CA': { tls: { ca: certificates.wrongCa } },
      'no CA (system store)': {},
      'another server name': { tls: { ca: certificates.ca, servername: 'cache.example.com' } },
    }
    const codes: Record<string, unknown> = {}
    for (const [name, options] of Object.entries(cases)) {
      for (const ignoreExceptions of [false, true]) {
        const cache = testCache({
          location: tlsUrl,
          keyPrefix: prefix,
          options: {
            ...options,
            socketTimeout: SOCKET_TIMEOUT,
            ignoreExceptions,
            logger: silentLogger,
          },
        })
        const set = await settleWithin(cache.set('k', 'must not be written'), HANG_BOUND_MS)
        const get = await settleWithin(cache.get('k', 'default'), HANG_BOUND_MS)
        if (ignoreExceptions) {
          expect(set, name).toMatchObject({ status: 'fulfilled', value: false })
          expect(get, name).toMatchObject({ status: 'fulfilled', value: 'default' })
          continue
        }
        expect(set.status, name).toBe('rejected')
        const error = (set as { reason: { code?: string; cause?: unknown } }).reason
        expect(['E_CONNECTION', 'E_TIMEOUT'], name).toContain(error.code)
        expect(get.status, name).toBe('rejected')
        codes[name] = `${error.code}: ${describeCause(error.cause)}`
      }
    }
    expect(await admin.keys(`${prefix}*`), 'nothing reached the server').toEqual([])
    health.stop()
    reportFigure('TLS refusals', codes)
    expect(health.unhandledRejections).toEqual([])
  })

  it('a storm of refused TLS handshakes never raises an uncaught exception (ioredis#961 double error)', async () => {
    const uncaught: unknown[] = []
    const onUncaught = (error: unknown): void => {
      uncaught.push(error)
    }
    process.on('uncaughtException', onUncaught)
    let refused = 0
    try {
      // clients retry in the background: each keeps handshaking (and being refused) while the calls go on
      const caches = Array.from({ length: 12 }, (_, i) =>
        testCache({
          location: tlsUrl,
          options: {
            tls: i % 2 === 0 ? { ca: certificates.wrongCa } : { ca: certificates.ca, servername: 'cache.example.com' },
            socketTimeout: SOCKET_TIMEOUT,
            logger: silentLogger,
          },
        }),
      )
      for (let round = 0; round < 20; round++) {
        const results = await Promise.all(caches.map((cache) => settleWithin(cache.get('k'), HANG_BOUND_MS)))
        refused += results.filter((result) => result.status === 'rejected').length
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await Promise.all(caches.map((cache) => cache.close()))
      await new Promise((resolve) => setTimeout(resolve, 200)) // late alerts arrive after the close
    } finally {
      process.off('uncaughtException', onUncaught)
    }
    reportFigure('TLS handshake storm', { refused, uncaughtExceptions: uncaught.length })
    expect(refused).toBe(240)
    expect(uncaught).toEqual([])
  })

  it('plain text to the TLS port, and TLS to the plain port, fail within the hang bound', async () => {
    const plainToTls = testCache({
      location: tlsUrl.replace('rediss:', 'redis:'),
      options: { socketTimeout: SOCKET_TIMEOUT, socketConnectTimeout: SOCKET_TIMEOUT },
    })
    const tlsToPlain = testCache({
      location: server.url.replace('redis:', 'rediss:'),
      options: {
        socketTimeout: SOCKET_TIMEOUT,
        socketConnectTimeout: SOCKET_TIMEOUT,
        tls: { ca: certificates.ca },
      },
    })
    for (const cache of [plainToTls, tlsToPlain]) {
      const result = await settleWithin(cache.get('k'), HANG_BOUND_MS)
      expect(result.status).toBe('rejected')
      expect(['E_CONNECTION', 'E_TIMEOUT']).toContain((result as { reason: { code?: string } }).reason.code)
    }
  })
})

const silentLogger = { error: () => undefined, warn: () => undefined, debug: () => undefined }

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return (cause as { code?: string }).code ?? cause.message
  return String(cause)
}
