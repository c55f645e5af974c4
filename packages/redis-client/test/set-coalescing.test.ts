/**
 * Set coalescing (set-batch.ts, `coalesceSets`): the plain sets of one tick on one connection reach Redis as
 * one MULTI/EXEC (an MSET, then a script that gives each key its own timeout), in order with everything else
 * sent, and fail as each SET would.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { Redis } from 'ioredis'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import { RedisCache, type RedisCacheConfig } from '@cachex-js/redis-client'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'
import { countWrites } from './support/socket-writes.js'

const { standalone } = sharedRedis()

/** What the server runs on keys with `prefix`, and MULTI/EXEC: `NAME from client` or `NAME from script`, in order. */
async function watchCommands(prefix: string): Promise<{ seen: string[]; stop: () => void }> {
  const seen: string[] = []
  const monitor = await plainClient(standalone.url).monitor()
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const from = source === 'lua' ? 'script' : 'client'
    if (args.some((arg) => arg.includes(prefix)) || /^(multi|exec)$/i.test(args[0]!))
      seen.push(`${args[0]!.toUpperCase()} from ${from}`)
  })
  return { seen, stop: () => monitor.disconnect() }
}

/**
 * A TCP proxy to `url` that, once `cutAfterMulti()` is called, lets the next MULTI reach Redis and its `+OK` reach
 * the client, then drops the connection (nothing after the MULTI arrives): the client is left with the rest of a
 * transaction sent and unanswered, as when a connection dies mid-transaction.
 */
async function multiCuttingProxy(url: string): Promise<{ url: string; cutAfterMulti: () => void }> {
  const target = new URL(url)
  let cutting = false
  const sockets: Socket[] = []
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname)
    sockets.push(client, upstream)
    for (const socket of [client, upstream]) socket.on('error', () => undefined)
    let multiSent = false
    client.on('data', (data) => {
      const at = cutting ? data.indexOf('MULTI\r\n') : -1
      if (multiSent) return
      if (at === -1) upstream.write(data)
      else {
        multiSent = true
        upstream.write(data.subarray(0, at + 7))
      }
    })
    upstream.on('data', (data) => {
      const at = multiSent ? data.indexOf('+OK\r\n') : -1
      if (at === -1) client.write(data)
      else {
        cutting = false
        client.end(data.subarray(0, at + 5), () => undefined)
        client.destroy()
        upstream.destroy()
      }
    })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => {
    for (const socket of sockets) socket.destroy()
    server.close()
  })
  const { port } = server.address() as AddressInfo
  return { url: `redis://127.0.0.1:${port}`, cutAfterMulti: () => (cutting = true) }
}

async function readyCache(config: Partial<RedisCacheConfig> = {}) {
  const prefix = uniquePrefix('sc')
  const cache = testCache({ location: standalone.url, keyPrefix: prefix, ...config })
  await cache.get('warm') // connected
  return { cache, prefix }
}

describe('set coalescing', () => {
  it('sends the first set of a tick at once, the rest as MSETs of up to 32 keys in MULTI/EXEC with each key its own timeout', async () => {
    const { cache, prefix } = await readyCache()
    const writes = countWrites((cache.getConnection() as Redis).stream)
    const wire = await watchCommands(prefix)
    try {
      const results = Array.from({ length: 50 }, (_, i) => cache.set(`k${i}`, { i }, i % 2 === 0 ? 60 : 600))
      // The first SET and a full batch of 32 left at once (a full batch is not held to the end of the tick), the
      // other 17 wait.
      expect(writes.count).toBe(1)
      expect(await Promise.all(results)).toEqual(Array(50).fill(true))
      expect(writes.count).toBe(2)
      await expect.poll(() => wire.seen.length).toBe(58)
    } finally {
      wire.stop()
    }
    // the values never pass through Lua: the script only sets each key's timeout
    expect(wire.seen).toEqual([
      'SET from client',
      'MULTI from client',
      'MSET from client',
      'EVAL from client',
      ...Array<string>(32).fill('PEXPIRE from script'),
      'EXEC from client',
      'MULTI from client',
      'MSET from client',
      'EVAL from client',
      ...Array<string>(17).fill('PEXPIRE from script'),
      'EXEC from client',
    ])
    expect(await cache.get('k7')).toEqual({ i: 7 })
    expect(await cache.ttl('k0')).toBeLessThanOrEqual(60)
    expect(await cache.ttl('k1')).toBeGreaterThan(500)
  })

  it('leaves what the SETs in turn would: a key set twice in one batch keeps the later value and timeout', async () => {
    const { cache } = await readyCache()
    const results = await Promise.all([
      cache.get('first'), // the tick's first command: the sets after it wait for the batch
      cache.set('twice', 'early', 600),
      cache.set('other', 'o', 600),
      cache.set('twice', 'late', 30),
      cache.set('longer', 'l', 900),
    ])
    expect(results).toEqual([undefined, true, true, true, true])
    expect(await cache.get('twice')).toBe('late')
    expect(await cache.ttl('twice')).toBeLessThanOrEqual(30)
    expect(await cache.ttl('other')).toBeGreaterThan(500)
    expect(await cache.ttl('longer')).toBeGreaterThan(800)
  })

  it('fails the batch, rather than report sets that did not happen, when a WATCH on a shared client aborts it', async () => {
    const shared = plainClient(standalone.url)
    const prefix = uniquePrefix('sc-watch')
    const cache = testCache({ location: shared, keyPrefix: prefix, options: { closeConnection: false } })
    await cache.get('warm')
    await shared.watch(cache.makeKey('watched'))
    await plainClient(standalone.url).set(cache.makeKey('watched'), 'changed') // EXEC on `shared` now aborts
    const outcomes = await Promise.allSettled([cache.get('first'), cache.set('a', 1), cache.set('b', 2)])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    expect(outcomes[1]).toMatchObject({ reason: { context: { key: 'a' } } })
    expect(await cache.getMany(['a', 'b'])).toEqual({})
    expect(await cache.set('a', 1)).toBe(true) // the WATCH went with the aborted EXEC
  })

  it('a connection lost mid-transaction writes nothing, even on a client that resends unanswered commands', async () => {
    const proxy = await multiCuttingProxy(standalone.url)
    // a user's client with ioredis' defaults: after a reconnect it resends what went unanswered
    const shared = new Redis(proxy.url)
    shared.on('error', () => undefined)
    onTestFinished(() => shared.disconnect())
    const cache = testCache({
      location: shared,
      keyPrefix: uniquePrefix('sc-cut'),
      options: { closeConnection: false },
    })
    await cache.get('warm')
    proxy.cutAfterMulti()
    const outcomes = await Promise.allSettled([cache.get('first'), cache.set('a', 1), cache.set('b', 2)])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    // MULTI was answered, then the connection died: the MSET, EVAL and EXEC after it are not resent on their own
    await expect.poll(() => shared.status).toBe('ready')
    expect(await cache.get('after')).toBeUndefined() // anything resent would have run before this
    expect(await cache.getMany(['a', 'b'])).toEqual({})
    expect(await cache.set('a', 1)).toBe(true)
  })

  it('sends a set made alone as a plain SET, and every set as a SET with coalesceSets off', async () => {
    const { cache, prefix } = await readyCache()
    const { cache: plain } = await readyCache({ keyPrefix: prefix, options: { coalesceSets: false } })
    const wire = await watchCommands(prefix)
    try {
      expect(await cache.set('alone', 1)).toBe(true)
      expect(await Promise.all([plain.set('a', 1), plain.set('b', 2)])).toEqual([true, true])
      await expect.poll(() => wire.seen.length).toBe(3)
    } finally {
      wire.stop()
    }
    expect(wire.seen).toEqual(['SET from client', 'SET from client', 'SET from client'])
  })

  it('keeps order: what is sent after a set in the same tick sees it, also from another cache on the client', async () => {
    const { cache, prefix } = await readyCache()
    const shared = new RedisCache({
      location: cache.getConnection(),
      keyPrefix: prefix,
      options: { closeConnection: false },
    })
    const results = await Promise.all([
      cache.set('x', 1),
      cache.set('y', 2),
      cache.get('x'),
      cache.set('x', 3),
      cache.delete('y'),
      shared.get('x'),
      cache.set('y', 4),
      cache.getMany(['x', 'y']),
      cache.set('z', 5), // getMany sends its MGET a microtask later, after the waiting sets (y and z)
      cache.getMany(['z']),
    ])
    expect(results).toEqual([true, true, 1, true, true, 3, true, { x: 3, y: 4 }, true, { z: 5 }])
    expect(await cache.incr('x', 10)).toBe(13)
  })

  it('sets that wait for the connection keep their order with what follows', async () => {
    const cache = testCache({ location: standalone.url, keyPrefix: uniquePrefix('sc') })
    const writes = Array.from({ length: 20 }, (_, i) => cache.set(`k${i}`, i))
    const reads = Array.from({ length: 20 }, (_, i) => cache.get(`k${i}`))
    expect(await Promise.all(writes)).toEqual(Array(20).fill(true))
    expect(await Promise.all(reads)).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })

  describe('on a server out of memory', () => {
    let server: RedisStandalone
    beforeAll(async () => {
      server = await startStandalone({ config: ['maxmemory 1', 'maxmemory-policy noeviction'] })
    })
    afterAll(() => server?.stop())

    it('fails each coalesced set as its own SET would (its key in the error), writing nothing', async () => {
      const strict = testCache({ location: server.url, keyPrefix: uniquePrefix('sc') })
      await strict.get('warm')
      const outcomes = await Promise.allSettled([strict.set('a', 1), strict.set('b', 2), strict.set('c', 3)])
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected'])
      expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as unknown) : o.value))).toMatchObject([
        { code: 'E_CONNECTION', context: { key: 'a', reply: 'OOM' } },
        { code: 'E_CONNECTION', context: { key: 'b', reply: 'OOM' } },
        { code: 'E_CONNECTION', context: { key: 'c', reply: 'OOM' } },
      ])
      expect(await strict.getMany(['a', 'b', 'c'])).toEqual({})
      const lenient = testCache({
        location: server.url,
        keyPrefix: uniquePrefix('sc'),
        options: { ignoreExceptions: true },
      })
      expect(await Promise.all([lenient.set('a', 1), lenient.set('b', 2)])).toEqual([false, false])
    })
  })
})
