import { describe, expect, it } from 'vitest'
import { Lock } from '@cachex-js/lock'
import { plainClients, sleep, uniqueName } from './support/shared.js'

const clients = plainClients()

describe.each(['standalone', 'sentinel', 'cluster'] as const)('Lock on %s', (topology) => {
  const client = () => clients[topology]()

  it('acquires a free lock and refuses a second owner until released', async () => {
    const redis = client()
    const key = uniqueName()
    const first = new Lock(redis, key, { timeout: 5 })
    const second = new Lock(redis, key, { timeout: 5, blocking: false })
    expect(await first.acquire()).toBe(true)
    expect(await first.owned()).toBe(true)
    expect(await second.locked()).toBe(true)
    expect(await second.owned()).toBe(false)
    expect(await second.acquire()).toBe(false)
    await first.release()
    expect(await first.locked()).toBe(false)
    expect(await second.acquire()).toBe(true)
    await second.release()
  })

  it('uses a fresh random 128-bit token for every acquisition', async () => {
    const lock = new Lock(client(), uniqueName(), { timeout: 5 })
    await lock.acquire()
    const firstToken = lock.token
    await lock.release()
    await lock.acquire()
    expect(lock.token).toMatch(/^[0-9a-f]{32}$/)
    expect(lock.token).not.toBe(firstToken)
    await lock.release()
  })

  it('blockingTimeout 0 tries exactly once; a positive one waits for the holder to release', async () => {
    const redis = client()
    const key = uniqueName()
    const holder = new Lock(redis, key, { timeout: 5 })
    await holder.acquire()
    const waiter = new Lock(redis, key, { timeout: 5, sleep: 0.01 })
    expect(await waiter.acquire({ blockingTimeout: 0 })).toBe(false)
    const waiting = waiter.acquire({ blockingTimeout: 5 })
    await sleep(50)
    await holder.release()
    expect(await waiting).toBe(true)
    expect(await waiter.owned()).toBe(true)
    await waiter.release()
  })

  it('gives up after blockingTimeout while the lock stays held', async () => {
    const redis = client()
    const key = uniqueName()
    await new Lock(redis, key, { timeout: 5 }).acquire()
    const waiter = new Lock(redis, key, { sleep: 0.01, blockingTimeout: 0.1 })
    expect(await waiter.acquire()).toBe(false)
    expect(waiter.token).toBeNull()
  })

  it('an aborted signal rejects a blocking wait with its reason', async () => {
    const redis = client()
    const key = uniqueName()
    await new Lock(redis, key, { timeout: 5 }).acquire()
    const controller = new AbortController()
    const waiting = new Lock(redis, key, { sleep: 0.01 }).acquire({ signal: controller.signal })
    controller.abort(new Error('stop waiting'))
    await expect(waiting).rejects.toThrow('stop waiting')
  })

  it('extend adds to the TTL, or replaces it with replaceTtl', async () => {
    const redis = client()
    const key = uniqueName()
    const lock = new Lock(redis, key, { timeout: 2 })
    await lock.acquire()
    await lock.extend(10)
    expect(await redis.pttl(key)).toBeGreaterThan(10_000)
    await lock.extend(30, { replaceTtl: true })
    const ttl = await redis.pttl(key)
    expect(ttl).toBeGreaterThan(29_000)
    expect(ttl).toBeLessThanOrEqual(30_000)
    await lock.release()
  })

  it('reacquire resets the TTL to the full timeout', async () => {
    const redis = client()
    const key = uniqueName()
    const lock = new Lock(redis, key, { timeout: 20 })
    await lock.acquire()
    await redis.pexpire(key, 1000)
    await lock.reacquire()
    expect(await redis.pttl(key)).toBeGreaterThan(19_000)
    await lock.release()
  })

  it('a falsy timeout means no expiry, which cannot be extended', async () => {
    const redis = client()
    const key = uniqueName()
    const lock = new Lock(redis, key, { timeout: 0 })
    await lock.acquire()
    expect(await redis.pttl(key)).toBe(-1)
    await expect(lock.extend(1)).rejects.toMatchObject({ code: 'E_NOT_SUPPORTED' })
    await lock.release()
  })

  it('release, extend and reacquire of a lock never acquired raise E_LOCK_NOT_HELD', async () => {
    const lock = new Lock(client(), uniqueName(), { timeout: 5 })
    await expect(lock.release()).rejects.toMatchObject({ code: 'E_LOCK_NOT_HELD' })
    await expect(lock.extend(1)).rejects.toMatchObject({ code: 'E_LOCK_NOT_HELD' })
    await expect(lock.reacquire()).rejects.toMatchObject({ code: 'E_LOCK_NOT_HELD' })
  })

  it('a lock taken over by another owner cannot be extended, reacquired or released by the old one', async () => {
    const redis = client()
    const key = uniqueName()
    const stale = new Lock(redis, key, { timeout: 5 })
    await stale.acquire()
    await redis.set(key, 'someone-else') // as if it expired and another process took it
    await expect(stale.extend(1)).rejects.toMatchObject({ code: 'E_LOCK_NOT_OWNED' })
    await expect(stale.reacquire()).rejects.toMatchObject({ code: 'E_LOCK_NOT_OWNED' })
    expect(await stale.owned()).toBe(false)
    await expect(stale.release()).rejects.toMatchObject({ code: 'E_LOCK_NOT_OWNED' })
    expect(await redis.get(key)).toBe('someone-else')
    await expect(stale.release()).rejects.toMatchObject({ code: 'E_LOCK_NOT_HELD' })
  })

  it('fencing tokens strictly increase across holders', async () => {
    const redis = client()
    const key = uniqueName()
    const seen: number[] = []
    for (let i = 0; i < 5; i++) {
      const lock = new Lock(redis, key, { timeout: 5, fencing: true })
      expect(await lock.acquire()).toBe(true)
      seen.push(lock.fencingToken!)
      await lock.release()
    }
    expect(seen).toEqual([1, 2, 3, 4, 5])
  })

  it('await using releases the lock when the scope ends', async () => {
    const redis = client()
    const key = uniqueName()
    {
      await using lock = new Lock(redis, key, { timeout: 5 })
      expect(await lock.acquire()).toBe(true)
      expect(await redis.exists(key)).toBe(1)
    }
    expect(await redis.exists(key)).toBe(0)
  })
})

describe('Lock options', () => {
  it('rejects negative, NaN or non-numeric times with E_CONFIG naming the field', () => {
    const redis = plainClients().standalone()
    expect(() => new Lock(redis, 'k', { timeout: -1 })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
    expect(() => new Lock(redis, 'k', { sleep: Number.NaN })).toThrow(
      expect.objectContaining({ context: expect.objectContaining({ field: 'sleep' }) }),
    )
    expect(() => new Lock(redis, 'k', { blockingTimeout: '1' as unknown as number })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG' }),
    )
  })
})
