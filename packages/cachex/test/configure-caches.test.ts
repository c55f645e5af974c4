import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, caches, closeCaches, configureCaches, getRedisConnection, type Logger } from 'cachex'
import { DEAD_LOCATION, sharedRedis, uniquePrefix } from './support/shared-redis.js'

afterEach(() => closeCaches())

describe('configureCaches / caches / getRedisConnection', () => {
  it('registers each alias: caches.<alias>, caches.get(alias), and the returned object', async () => {
    const url = sharedRedis().standalone!.url
    const configured = configureCaches({
      default: { location: url, keyPrefix: uniquePrefix('default') },
      sessions: { location: url, keyPrefix: uniquePrefix('sessions'), timeout: 3600 },
    })
    expect(caches.default).toBe(configured.default)
    expect(caches.get()).toBe(configured.default)
    expect(caches.get('sessions')).toBe(configured.sessions)
    expect(caches['sessions']).toBe(configured.sessions)
    expect(caches.aliases()).toEqual(['default', 'sessions'])
    expect(caches.all()).toEqual([configured.default, configured.sessions])
    expect(Object.keys(caches)).toEqual(['default', 'sessions'])
    expect(caches.has('sessions')).toBe(true)
    expect(caches.sessions!.defaultTimeout).toBe(3600)

    await caches.default!.set('k', 'default')
    await caches.sessions!.set('k', 'session')
    expect(await caches.get('default').get('k')).toBe('default')
    expect(await caches.get('sessions').get('k')).toBe('session')
  })

  it('an unknown alias: caches.get throws E_CONFIG naming it; a property read gives undefined', () => {
    configureCaches({ default: { location: sharedRedis().standalone!.url } })
    expect(() => caches.get('nope')).toThrow(ConfigError)
    expect(() => caches.get('nope')).toThrow(/"nope".*configured: default/)
    expect(caches['nope']).toBeUndefined()
    expect(() => getRedisConnection('nope')).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
  })

  it('getRedisConnection(alias, write) is the primary for writes and a replica for reads', async () => {
    const { replication, standalone } = sharedRedis()
    configureCaches({
      default: { location: standalone!.url },
      replicated: {
        location: [replication!.primary.url, replication!.replicas[0]!.url],
        keyPrefix: uniquePrefix(),
        options: { readFromReplicas: true },
      },
    })
    expect(getRedisConnection()).toBe(caches.default!.getConnection(true))
    await caches.replicated!.set('k', 1)
    await caches.replicated!.get('k') // connects the replica (raw clients have no offline queue)
    expect(await getRedisConnection('replicated', true).info('replication')).toContain('role:master')
    expect(await getRedisConnection('replicated', false).info('replication')).toContain('role:slave')
  })

  it('global defaults apply to every alias that does not set the option itself', async () => {
    const errors: unknown[] = []
    const logger: Logger = { error: (obj) => errors.push(obj), warn: () => undefined, debug: () => undefined }
    const fast = { socketTimeout: 1, socketConnectTimeout: 1 }
    configureCaches(
      {
        default: { location: DEAD_LOCATION, options: fast },
        strict: { location: DEAD_LOCATION, options: { ...fast, ignoreExceptions: false } },
      },
      { ignoreExceptions: true, logIgnoredExceptions: true, logger, scanItersize: 11 },
    )
    expect(await caches.default!.get('k', 'fallback')).toBe('fallback')
    expect(errors.length).toBeGreaterThan(0)
    await expect(caches.strict!.get('k')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    expect(caches.strict!.context.scanItersize).toBe(11)
  })

  it('a bad configuration names the alias and the field, and registers nothing', () => {
    const url = sharedRedis().standalone!.url
    expect(() =>
      configureCaches({ default: { location: url }, sessions: { location: url, options: { serializer: 'xml' } } }),
    ).toThrow(
      expect.objectContaining({
        code: 'E_CONFIG',
        context: expect.objectContaining({ field: 'sessions.options.serializer', alias: 'sessions' }),
      }),
    )
    expect(caches.aliases()).toEqual([])
    expect(caches['default']).toBeUndefined()
    expect(() => configureCaches({ sessions: 'redis://127.0.0.1:6379/1' as never })).toThrow(
      /^sessions: expected an options object/,
    )
    expect(() => configureCaches({ sessions: { location: url, timeout: 'long' as never } })).toThrow(
      /^sessions\.timeout must be/,
    )
  })

  it('a bad default names defaults.<field>', () => {
    expect(() => configureCaches({ default: { location: DEAD_LOCATION } }, { closeConnection: 'no' as never })).toThrow(
      expect.objectContaining({ context: expect.objectContaining({ field: 'defaults.closeConnection' }) }),
    )
  })

  it('refuses aliases that would shadow the registry methods, and configuring twice', () => {
    const location = sharedRedis().standalone!.url
    for (const alias of ['get', 'has', 'aliases', 'all', 'constructor', '']) {
      expect(() => configureCaches({ [alias]: { location } })).toThrow(/reserved or empty alias/)
    }
    configureCaches({ default: { location } })
    expect(() => configureCaches({ other: { location } })).toThrow(/already configured/)
  })

  it('closeCaches closes every cache and forgets it, so configuring again works', async () => {
    const location = sharedRedis().standalone!.url
    const first = configureCaches({ default: { location } })
    const client = first.default.getConnection()
    await first.default.set(`${uniquePrefix()}`, 1)
    await closeCaches()
    expect(client.status).toBe('end')
    expect(caches.aliases()).toEqual([])
    expect(() => caches.get()).toThrow(/no caches are configured/)
    const second = configureCaches({ default: { location } })
    expect(second.default).not.toBe(first.default)
  })
})
