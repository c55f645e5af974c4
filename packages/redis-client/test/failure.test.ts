import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import type { Logger } from '@cachex-js/core'
import type { RedisCache } from '@cachex-js/redis-client'
import type { Redis } from 'ioredis'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'
import { eventually, settleWithin, type Settled } from '@cachex-js/testkit'
import { allocatePort } from '@cachex-js/testkit/redis'

const SOCKET_TIMEOUT = 0.5
/** A call that has not settled by socketTimeout + this margin is hanging. */
const HANG_BOUND_MS = SOCKET_TIMEOUT * 1000 + 2500

function recordingLogger() {
  const errors: { obj: Record<string, unknown>; msg: string | undefined }[] = []
  const logger: Logger = {
    error: (obj, msg) => errors.push({ obj: obj as Record<string, unknown>, msg }),
    warn: () => undefined,
    debug: () => undefined,
  }
  return { logger, errors }
}

/** Every call of the API, as labelled thunks. */
function everyCall(cache: RedisCache): [string, () => Promise<unknown>][] {
  return [
    ['get', () => cache.get('k', 'default')],
    ['set', () => cache.set('k', 'v')],
    ['set get', () => cache.set('k', 'v', undefined, { get: true })],
    ['add', () => cache.add('new', 'v')],
    ['delete', () => cache.delete('k')],
    ['getMany', () => cache.getMany(['k', 'j'])],
    ['setMany', () => cache.setMany({ k: 1, j: 2 })],
    ['deleteMany', () => cache.deleteMany(['k', 'j'])],
    ['hasKey', () => cache.hasKey('k')],
    ['incr', () => cache.incr('n')],
    ['incrVersion', () => cache.incrVersion('k')],
    ['touch', () => cache.touch('k', 10)],
    ['ttl', () => cache.ttl('k')],
    ['pttl', () => cache.pttl('k')],
    ['expire', () => cache.expire('k', 10)],
    ['persist', () => cache.persist('k')],
    ['keys', () => cache.keys()],
    ['deletePattern', () => cache.deletePattern('*')],
    ['clear', () => cache.clear()],
    ['reinsertKeys', () => cache.reinsertKeys()],
    ['getOrSet', () => cache.getOrSet('computed', () => 'factory value', 60)],
    ['pipeline', () => cache.pipeline().get('k').set('k', 1).exec()],
  ]
}

/** The defaults of CONTRACT section 10 under ignoreExceptions. */
const DEFAULTS: Record<string, unknown> = {
  get: 'default',
  set: false,
  'set get': undefined,
  add: false,
  delete: false,
  getMany: {},
  setMany: ['k', 'j'],
  deleteMany: 0,
  hasKey: false,
  touch: false,
  ttl: 0,
  pttl: 0,
  expire: false,
  persist: false,
  keys: [],
  deletePattern: 0,
  clear: undefined,
  reinsertKeys: 0,
  getOrSet: 'factory value',
  pipeline: [undefined, false],
}
/** No truthful default exists for these: they reject even under ignoreExceptions. */
const NO_DEFAULT = new Set(['incr', 'incrVersion'])

async function settleAll(calls: [string, () => Promise<unknown>][]): Promise<[string, Settled][]> {
  return Promise.all(
    calls.map(async ([name, call]) => [name, await settleWithin(call(), HANG_BOUND_MS)] as [string, Settled]),
  )
}

function expectFailedFast(results: [string, Settled][]): void {
  for (const [name, result] of results) {
    expect(result.status, name).toBe('rejected')
    const code = (result as { reason: { code?: string } }).reason.code
    expect(['E_CONNECTION', 'E_TIMEOUT'], `${name}: ${code}`).toContain(code)
  }
}

/**
 * Calls in flight when the server froze: each was answered in time (with whatever it answers: the calls
 * race each other) or failed with a cachex error; none hangs.
 */
function expectSettled(results: [string, Settled][]): void {
  for (const [name, result] of results) {
    expect(result.status, name).not.toBe('hung')
    if (result.status === 'rejected') expect((result.reason as { code?: string }).code, name).toMatch(/^E_/)
  }
}

function expectDefaults(results: [string, Settled][]): void {
  for (const [name, result] of results) {
    if (NO_DEFAULT.has(name)) {
      expect(result.status, name).toBe('rejected')
      continue
    }
    expect(result, name).toMatchObject({ status: 'fulfilled', value: DEFAULTS[name] })
  }
}

describe('with nothing listening', () => {
  let url: string
  beforeAll(async () => {
    url = `redis://127.0.0.1:${await allocatePort()}`
  })

  it('every call rejects with E_CONNECTION within socketTimeout', async () => {
    const cache = testCache({ location: url, keyPrefix: uniquePrefix(), options: { socketTimeout: SOCKET_TIMEOUT } })
    const results = await settleAll(everyCall(cache))
    expectFailedFast(results)
    for (const [name, result] of results) {
      expect((result as { reason: { code?: string } }).reason.code, name).toBe('E_CONNECTION')
    }
    const iterated = cache.iterKeys()[Symbol.asyncIterator]().next()
    expect(await settleWithin(iterated, HANG_BOUND_MS)).toMatchObject({ status: 'rejected' })
  })

  it('under ignoreExceptions every call resolves its documented default, logged when asked', async () => {
    const { logger, errors } = recordingLogger()
    const cache = testCache({
      location: url,
      keyPrefix: uniquePrefix(),
      options: { socketTimeout: SOCKET_TIMEOUT, ignoreExceptions: true, logIgnoredExceptions: true, logger },
    })
    expectDefaults(await settleAll(everyCall(cache)))
    const keys: string[] = []
    for await (const key of cache.iterKeys()) keys.push(key)
    expect(keys).toEqual([])
    expect(errors.length).toBeGreaterThanOrEqual(everyCall(cache).length - NO_DEFAULT.size)
    expect(errors[0]!.obj).toMatchObject({ err: { code: 'E_CONNECTION' } })
    expect(errors.map((e) => e.obj.operation)).toContain('get')

    const quiet = recordingLogger()
    const silent = testCache({
      location: url,
      options: { socketTimeout: SOCKET_TIMEOUT, ignoreExceptions: true, logger: quiet.logger },
    })
    expect(await silent.get('k', 'd')).toBe('d')
    expect(quiet.errors).toEqual([])
  })
})

describe('a stalled server (SIGSTOP)', () => {
  let server: RedisStandalone
  beforeAll(async () => {
    server = await startStandalone()
  })
  afterAll(async () => {
    try {
      server.primary.kill('SIGCONT')
    } catch {
      // not stopped
    }
    await server?.stop()
  })

  it('settles every pending and new call within socketTimeout, and works again after SIGCONT', async () => {
    const prefix = uniquePrefix()
    const cache = testCache({ location: server.url, keyPrefix: prefix, options: { socketTimeout: SOCKET_TIMEOUT } })
    onTestFinished(() => {
      if (server.primary.running) server.primary.kill('SIGCONT')
    })
    const lenient = testCache({
      location: server.url,
      keyPrefix: prefix,
      options: { socketTimeout: SOCKET_TIMEOUT, ignoreExceptions: true },
    })
    await cache.set('k', 'before')
    await cache.set('n', 1)
    expect(await lenient.get('k')).toBe('before')

    const pending = settleAll(everyCall(cache)) // sent, then the server freezes
    server.primary.kill('SIGSTOP')
    const fresh = settleAll(everyCall(cache))
    const lenientResults = settleAll(everyCall(lenient))
    expectSettled(await pending)
    expectFailedFast(await fresh)
    expectDefaults(await lenientResults)
    expectFailedFast(await settleAll(everyCall(cache))) // still frozen: new calls still fail fast

    server.primary.kill('SIGCONT')
    // The frozen commands timed out for their callers, but the server still runs them once thawed
    // (a timeout means "outcome unknown"); use keys they do not touch.
    await eventually(() => cache.set('after', 'thaw'))
    expect(await cache.get('after')).toBe('thaw')
    await cache.set('counter', 1)
    expect(await cache.incr('counter', 10)).toBe(11)
    expect(await lenient.get('after')).toBe('thaw')
  })

  it('reconnects in the background after the server restarts', async () => {
    const cache = testCache({
      location: server.url,
      keyPrefix: uniquePrefix(),
      options: { socketTimeout: SOCKET_TIMEOUT },
    })
    await cache.set('k', 1)
    await server.primary.stop({ keepDir: true })
    const down = await settleWithin(cache.get('k'), HANG_BOUND_MS)
    expect(down).toMatchObject({ status: 'rejected', reason: { code: 'E_CONNECTION' } })
    await server.restart(server.primary)
    await eventually(() => cache.set('k', 2))
    expect(await cache.get('k')).toBe(2)
  })
})

describe('a connection dropped under calls in flight (CLIENT KILL)', () => {
  const { standalone } = sharedRedis()

  it('fails the calls it carried at once with E_CONNECTION, not at socketTimeout, and the same cache works again', async () => {
    // socketTimeout 5 s: a call left to its deadline would fail with E_TIMEOUT, 5 s later
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix(), options: { socketTimeout: 5 } })
    const admin = plainClient(standalone.url)
    onTestFinished(() => admin.disconnect())
    await cache.set('k', 'v')
    const client = cache.getConnection() as Redis
    const id = await client.call('CLIENT', 'ID')
    // Two calls in flight on the connection when it drops: a BLPOP the server holds, and a get queued behind it.
    const blocked = cache.context.runner.command(client, 'blpop', [`${cache.makeKey('empty')}`, '4'], {
      operation: 'blpop',
    })
    const queued = cache.get('k')
    const outcomes = Promise.allSettled([blocked, queued])
    await eventually(async () => {
      const list = await admin.call('CLIENT', 'LIST', 'ID', String(id))
      if (!String(list).includes('cmd=blpop')) throw new Error('not blocked yet')
    })
    await admin.call('CLIENT', 'KILL', 'ID', String(id))
    expect(await outcomes).toMatchObject([
      {
        status: 'rejected',
        reason: { code: 'E_CONNECTION', message: expect.stringContaining('closed before it answered') },
      },
      { status: 'rejected', reason: { code: 'E_CONNECTION', context: { operation: 'get', key: 'k' } } },
    ])
    await eventually(() => cache.get('k'))
    expect(await cache.get('k')).toBe('v')
  })
})
