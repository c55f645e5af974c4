import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import { RedisCache, type RedisClient } from '@cachex-js/redis-client'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'
import { allocatePort, createTlsCertificates, type TlsCertificates } from '@cachex-js/testkit/redis'

const { standalone, replication } = sharedRedis()

function configError(fn: () => unknown): { code?: string; context?: { field?: string } } {
  try {
    fn()
  } catch (error) {
    return error as { code?: string; context?: { field?: string } }
  }
  throw new Error('expected E_CONFIG')
}

describe('configuration', () => {
  it.each([
    [{ location: 'http://localhost' }, 'location'],
    [{ location: 'not a url' }, 'location'],
    [{ location: [] }, 'location'],
    [{ location: [standalone.url, 42] }, 'location[1]'],
    [{ location: standalone.url, options: { socketTimeout: 0 } }, 'options.socketTimeout'],
    [{ location: standalone.url, options: { socketConnectTimeout: -1 } }, 'options.socketConnectTimeout'],
    [{ location: standalone.url, options: { db: 1.5 } }, 'options.db'],
    [{ location: standalone.url, options: { scanItersize: 0 } }, 'options.scanItersize'],
    [{ location: standalone.url, options: { ignoreExceptions: 'yes' } }, 'options.ignoreExceptions'],
    [{ location: standalone.url, options: { serializer: 'nope' } }, 'options.serializer'],
    [{ location: standalone.url, options: { compressor: ['gzip', 'zzz'] } }, 'options.compressor[1]'],
    [{ location: standalone.url, options: { logger: {} } }, 'options.logger'],
    [{ location: standalone.url, options: { client: 'sentinel' } }, 'options.sentinels'],
    [{ location: standalone.url, options: { client: 'replicas' } }, 'options.client'],
    [
      { location: standalone.url, options: { connectionOptions: { keyPrefix: 'x' } } },
      'options.connectionOptions.keyPrefix',
    ],
    [{ location: standalone.url, options: { unknownThing: 1 } }, 'options.unknownThing'],
    [{ location: standalone.url, timeout: 'long' }, 'timeout'],
    [{ location: standalone.url, keyPrefix: 7 }, 'keyPrefix'],
  ])('rejects %j with E_CONFIG naming %s', (config, field) => {
    const error = configError(() => new RedisCache(config as never))
    expect(error.code).toBe('E_CONFIG')
    expect(error.context?.field).toBe(field)
  })
})

describe('connections', () => {
  it('takes db, credentials and TLS from the URL; the db applies', async () => {
    const prefix = uniquePrefix()
    const cache = testCache({ location: `${standalone.url}/6`, keyPrefix: prefix })
    await cache.set('k', 'in db 6')
    const db6 = plainClient(`${standalone.url}/6`)
    const db0 = plainClient(standalone.url)
    expect(await db6.exists(cache.makeKey('k'))).toBe(1)
    expect(await db0.exists(cache.makeKey('k'))).toBe(0)
    const viaOption = testCache({ location: standalone.url, keyPrefix: prefix, options: { db: 6 } })
    expect(await viaOption.get('k')).toBe('in db 6')
  })

  it('uses an injected ioredis client and does not close it', async () => {
    const client = plainClient(standalone.url)
    const cache = new RedisCache({ location: client, keyPrefix: uniquePrefix() })
    await cache.set('k', 1)
    expect(cache.getConnection()).toBe(client)
    await cache.close()
    expect(client.status).toBe('ready')
    expect(await client.ping()).toBe('PONG')
  })

  it('closes the clients it created, unless closeConnection is off', async () => {
    const cache = new RedisCache({ location: standalone.url, keyPrefix: uniquePrefix() })
    await cache.set('k', 1)
    const client = cache.getConnection()
    await cache.close()
    expect(client.status).toBe('end')
    await expect(cache.get('k')).rejects.toMatchObject({ code: 'E_CONNECTION' })

    const kept = new RedisCache({
      location: standalone.url,
      keyPrefix: uniquePrefix(),
      options: { closeConnection: false },
    })
    await kept.set('k', 1)
    await kept.close()
    expect(kept.getConnection().status).toBe('ready')
    expect(await kept.get('k')).toBe(1)
    kept.getConnection().disconnect()
  })

  it('builds clients with connectionFactory from the derived options, connectionOptions on top', async () => {
    const seen: { options: Record<string, unknown>; role: string; index: number }[] = []
    const cache = testCache({
      location: [replication.url, ...replication.replicas.map((node) => node.url)],
      keyPrefix: uniquePrefix(),
      options: {
        socketTimeout: 2.5,
        connectionOptions: { connectionName: 'cachex-test' },
        connectionFactory: (options, context) => {
          seen.push({ options: { ...options }, role: context.role, index: context.index })
          return new Redis(options)
        },
      },
    })
    await cache.set('k', 'v')
    expect(seen.map((s) => s.role)).toEqual(['primary', ...replication.replicas.map(() => 'replica')])
    expect(seen[0]!.options).toMatchObject({
      enableOfflineQueue: false,
      connectionName: 'cachex-test',
      port: replication.primary.port,
    })
    // cachex keeps socketTimeout itself (one timer per connection), not through ioredis' per-command timer.
    expect(seen[0]!.options.commandTimeout).toBeUndefined()
    expect(await cache.getConnection().client('GETNAME')).toBe('cachex-test')
  })

  it('sends plain reads to a replica with readFromReplicas, writes to the primary', async () => {
    const cache = testCache({
      location: [replication.url, replication.replicas[0]!.url],
      keyPrefix: uniquePrefix(),
      options: { readFromReplicas: true },
    })
    const writer = cache.getConnection(true) as Redis
    const reader = cache.getConnection(false) as Redis
    expect(reader).not.toBe(writer)
    await cache.set('k', 'replicated')
    await writer.wait(1, 5000) // until the replica has the write
    expect(await cache.get('k')).toBe('replicated')
    expect(await cache.getMany(['k'])).toEqual({ k: 'replicated' })
    expect(await reader.role()).toContain('slave')
    await expect(reader.set('x', 1)).rejects.toThrow(/READONLY/)
  })

  describe('TLS (rediss://)', () => {
    let certificates: TlsCertificates
    let server: RedisStandalone
    let tlsPort: number
    beforeAll(async () => {
      certificates = createTlsCertificates()
      tlsPort = await allocatePort()
      server = await startStandalone({
        config: certificates.serverConfig(tlsPort),
      })
    })
    afterAll(async () => {
      await server?.stop()
      certificates?.remove()
    })

    it('connects over TLS, trusting the given CA', async () => {
      const cache = testCache({ location: `rediss://127.0.0.1:${tlsPort}`, options: { tls: { ca: certificates.ca } } })
      await cache.set('secure', { ok: true })
      expect(await cache.get('secure')).toEqual({ ok: true })
      const client = cache.getConnection() as Redis
      expect(client.stream.constructor.name).toBe('TLSSocket')
    })

    it('fails with E_CONNECTION within socketTimeout when the certificate is not trusted', async () => {
      const cache = testCache({ location: `rediss://127.0.0.1:${tlsPort}`, options: { socketTimeout: 0.5 } })
      await expect(cache.get('secure')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    })
  })

  describe('ACL users', () => {
    let server: RedisStandalone
    beforeAll(async () => {
      server = await startStandalone()
      const admin = new Redis(server.url)
      await admin.call('ACL', 'SETUSER', 'app', 'on', '>s3cret pass', '~app:*', '~__cachex_lease__:app:*', '+@all')
      await admin.call('ACL', 'SETUSER', 'default', 'off')
      admin.disconnect()
    })
    afterAll(() => server?.stop())

    it('authenticates with username and password from the URL or the options', async () => {
      const fromUrl = testCache({
        location: `redis://app:${encodeURIComponent('s3cret pass')}@127.0.0.1:${server.port}`,
        keyPrefix: 'app',
      })
      await fromUrl.set('k', 1)
      expect(await fromUrl.incr('k')).toBe(2)
      expect(await fromUrl.getOrSet('computed', () => 'v', 60)).toBe('v')
      const fromOptions = testCache({
        location: server.url,
        keyPrefix: 'app',
        options: { username: 'app', password: 's3cret pass' },
      })
      expect(await fromOptions.get('k')).toBe(2)
    })

    it('reports a refused key (NOPERM) and bad credentials as E_CONNECTION', async () => {
      const outside = testCache({
        location: server.url,
        keyPrefix: 'other',
        options: { username: 'app', password: 's3cret pass' },
      })
      await expect(outside.set('k', 1)).rejects.toMatchObject({ code: 'E_CONNECTION' })
      const wrong = testCache({
        location: server.url,
        keyPrefix: 'app',
        options: { username: 'app', password: 'wrong', socketTimeout: 0.5 },
      })
      await expect(wrong.get('k')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    })

    it('a refused SELECT never falls back to db 0: calls fail with E_CONNECTION and nothing is written', async () => {
      const admin = new Redis(server.url, { username: 'app', password: 's3cret pass' })
      await admin.call('ACL', 'SETUSER', 'noselect', 'on', '>pw', '~app:*', '+@all', '-select')
      const cache = testCache({
        location: `redis://127.0.0.1:${server.port}/2`,
        keyPrefix: 'app',
        options: { username: 'noselect', password: 'pw', socketTimeout: 0.5, logger: quietLogger() },
      })
      await expect(cache.set('lost', 'must not land in db 0')).rejects.toMatchObject({ code: 'E_CONNECTION' })
      await expect(cache.get('lost')).rejects.toMatchObject({ code: 'E_CONNECTION' })
      expect(await admin.exists('app:1:lost'), 'db 0').toBe(0)
      await admin.select(2)
      expect(await admin.exists('app:1:lost'), 'db 2').toBe(0)
      admin.disconnect()
    })
  })
})

/** A logger that records nothing (the refused SELECT is logged as a connection error). */
function quietLogger() {
  const ignore = (): void => undefined
  return { warn: ignore, error: ignore, debug: ignore, info: ignore }
}

export type { RedisClient }
