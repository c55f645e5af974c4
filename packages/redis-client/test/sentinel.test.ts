// RedisCache with client: 'sentinel' on the shared sentinel topology (primary, replica, 3 sentinels):
// configuration, what reaches ioredis, sentinel credentials, reads from the replica, the db. Failover is
// tested on a dedicated topology (failover-sentinel.test.ts); the cache suite in conformance-sentinel.
import { Redis, type RedisOptions } from 'ioredis'
import { describe, expect, inject, it, onTestFinished } from 'vitest'
import { redisCommand } from '@cachex-js/testkit/redis'
import { RedisCache, failoverRetryStrategy, type ConnectionContext } from '@cachex-js/redis-client'
import { eventually, settleWithin } from '@cachex-js/testkit'
import { plainClient, testCache, uniquePrefix } from './support/shared-redis.js'

const sentinel = inject('cachexRedis')?.sentinel
if (!sentinel) throw new Error('the shared sentinel topology is missing (vitest globalSetup)')
const service = `redis://${sentinel.name}`

describe('configuration', () => {
  it.each([
    [{ location: service, options: { client: 'sentinel' } }, 'options.sentinels'],
    [{ location: service, options: { client: 'sentinel', sentinels: [] } }, 'options.sentinels'],
    [{ location: service, options: { client: 'sentinel', sentinels: [{ host: 'h' }] } }, 'options.sentinels[0]'],
    [{ location: [service, service], options: { client: 'sentinel', sentinels: sentinel.sentinels } }, 'location'],
    [{ location: 'unix:///tmp/s.sock', options: { client: 'sentinel', sentinels: sentinel.sentinels } }, 'location'],
    [
      { location: service, options: { client: 'sentinel', sentinels: sentinel.sentinels, sentinelName: '' } },
      'options.sentinelName',
    ],
    [
      {
        location: service,
        options: { client: 'sentinel', sentinels: sentinel.sentinels, sentinelOptions: { pass: 'x' } },
      },
      'options.sentinelOptions.pass',
    ],
    [{ location: service, options: { sentinels: sentinel.sentinels } }, 'options.sentinels'],
    [{ location: service, options: { sentinelName: 'x' } }, 'options.sentinelName'],
  ])('rejects %j with E_CONFIG naming %s', (config, field) => {
    let error: unknown
    try {
      new RedisCache(config as never)
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 'E_CONFIG', context: { field } })
  })

  it('hands ioredis the sentinels, the name, the service URL parts, sentinel credentials, fast retries', () => {
    const built: [RedisOptions, ConnectionContext][] = []
    const cache = testCache({
      location: `redis://app:secret@ignored-host/3`,
      keyPrefix: uniquePrefix(),
      options: {
        client: 'sentinel',
        sentinels: sentinel.sentinels,
        sentinelName: sentinel.name,
        sentinelOptions: { username: 'watcher', password: 'sentinel-secret' },
        readFromReplicas: true,
        socketTimeout: 0.5,
        connectionFactory: (options, context) => {
          built.push([options, context])
          return new Redis({ ...options, lazyConnect: true })
        },
      },
    })
    expect(cache.topology.kind).toBe('sentinel')
    expect(built.map(([, context]) => context)).toEqual([
      { role: 'primary', location: 'redis://app:secret@ignored-host/3', index: 0 },
      { role: 'replica', location: 'redis://app:secret@ignored-host/3', index: 1 },
    ])
    const [primary, replica] = built.map(([options]) => options)
    expect(primary).toMatchObject({
      sentinels: sentinel.sentinels,
      name: sentinel.name,
      role: 'master',
      db: 3,
      username: 'app',
      password: 'secret',
      sentinelUsername: 'watcher',
      sentinelPassword: 'sentinel-secret',
      sentinelCommandTimeout: 500,
      enableOfflineQueue: false,
      retryStrategy: failoverRetryStrategy,
      sentinelRetryStrategy: failoverRetryStrategy,
    })
    expect(primary!.commandTimeout).toBeUndefined()
    expect(replica).toMatchObject({ role: 'slave', name: sentinel.name })
    expect(replica!.reconnectOnError).toBeUndefined()
    expect(primary!.reconnectOnError?.(new Error("READONLY You can't write against a read only replica."))).toBe(1)
    expect([1, 50, 51, 500].map(failoverRetryStrategy)).toEqual([100, 100, 500, 500])
  })
})

describe('on the shared sentinel topology', () => {
  it('finds the primary through the sentinels; the db of the service URL applies', async () => {
    const prefix = uniquePrefix()
    const cache = testCache({
      location: `${service}/4`,
      keyPrefix: prefix,
      options: { client: 'sentinel', sentinels: sentinel.sentinels },
    })
    await cache.set('k', 'in db 4')
    const primary = plainClient(`${sentinel.primary.url}/4`)
    expect(await primary.exists(cache.makeKey('k'))).toBe(1)
    expect(await plainClient(sentinel.primary.url).exists(cache.makeKey('k'))).toBe(0)
  })

  it('reads from a replica with readFromReplicas (the primary until the replica is connected)', async () => {
    const cache = testCache({
      location: service,
      keyPrefix: uniquePrefix(),
      options: { client: 'sentinel', sentinels: sentinel.sentinels, readFromReplicas: true },
    })
    await cache.set('k', 'replicated')
    await eventually(() => Promise.resolve(expect(cache.getConnection(false)).not.toBe(cache.getConnection(true))))
    const reader = cache.getConnection(false) as Redis
    expect((reader.stream as { remotePort?: number }).remotePort).toBe(sentinel.replicas[0]!.port)
    expect(await reader.call('ROLE').then((role) => (role as unknown[])[0])).toBe('slave')
    await eventually(async () => expect(await cache.get('k')).toBe('replicated'))
    expect(await cache.getMany(['k', 'missing'])).toEqual({ k: 'replicated' })
  })

  it('authenticates to the sentinels with sentinelOptions; bad credentials are E_CONNECTION within socketTimeout', async () => {
    const user = uniquePrefix('sentinel-user')
    const password = uniquePrefix('pw')
    for (const address of sentinel.sentinels) {
      await redisCommand(address, ['ACL', 'SETUSER', user, 'on', `>${password}`, '+@all'])
    }
    onTestFinished(async () => {
      for (const address of sentinel.sentinels) await redisCommand(address, ['ACL', 'DELUSER', user])
    })
    const configFor = (secret: string) => ({
      location: service,
      keyPrefix: uniquePrefix(),
      options: {
        client: 'sentinel' as const,
        sentinels: sentinel.sentinels,
        sentinelOptions: { username: user, password: secret },
        socketTimeout: 0.5,
      },
    })
    const cache = testCache(configFor(password))
    await cache.set('k', 'through authenticated sentinels')
    expect(await cache.get('k')).toBe('through authenticated sentinels')

    const refused = testCache(configFor('wrong'))
    const result = await settleWithin(refused.get('k'), 2500)
    expect(result).toMatchObject({ status: 'rejected', reason: { code: 'E_CONNECTION' } })
    expect(String((result as { reason: Error }).reason.cause)).toMatch(/WRONGPASS/)
  })
})
