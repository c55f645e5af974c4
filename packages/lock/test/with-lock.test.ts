import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { lockingCache, sleep, topologies, uniqueName } from './support/shared.js'

const run = promisify(execFile)
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const worker = fileURLToPath(new URL('./support/mutex-worker.ts', import.meta.url))

describe('cache.lock / cache.withLock', () => {
  it('locks the key made by the cache key function, so versions are separate locks', async () => {
    const cache = lockingCache()
    const v1 = cache.lock('job', { timeout: 5 })
    const v2 = cache.lock('job', { timeout: 5, version: 2 })
    expect(v1.key).toBe(cache.makeKey('job'))
    expect(v2.key).toBe(cache.makeKey('job', 2))
    expect(await v1.acquire({ blocking: false })).toBe(true)
    expect(await v2.acquire({ blocking: false })).toBe(true)
    await v1.release()
    await v2.release()
  })

  it('withLock runs fn under the lock, returns its result and releases', async () => {
    const cache = lockingCache()
    const result = await cache.withLock('job', async (signal) => {
      expect(signal.aborted).toBe(false)
      expect(await cache.lock('job').locked()).toBe(true)
      return 42
    })
    expect(result).toBe(42)
    expect(await cache.lock('job').locked()).toBe(false)
  })

  it('withLock releases when fn throws, and rethrows fn’s error', async () => {
    const cache = lockingCache()
    await expect(
      cache.withLock('job', () => {
        throw new Error('fn failed')
      }),
    ).rejects.toThrow('fn failed')
    expect(await cache.lock('job').locked()).toBe(false)
  })

  it('withLock keeps extending the lock while fn outlives its timeout', async () => {
    const cache = lockingCache()
    const other = cache.lock('job', { blocking: false })
    const result = await cache.withLock(
      'job',
      async (signal) => {
        await sleep(900) // three times the lock timeout
        expect(await other.acquire()).toBe(false)
        return signal.aborted
      },
      { timeout: 0.3 },
    )
    expect(result).toBe(false)
  })

  it('withLock rejects with E_LOCK_NOT_HELD when it cannot acquire within blockingTimeout', async () => {
    const cache = lockingCache()
    await cache.lock('job', { timeout: 5 }).acquire()
    let ran = false
    await expect(
      cache.withLock(
        'job',
        () => {
          ran = true
        },
        { blockingTimeout: 0.05 },
      ),
    ).rejects.toMatchObject({ code: 'E_LOCK_NOT_HELD' })
    expect(ran).toBe(false)
  })

  it('a holder that stalls past its TTL loses the lock: release raises E_LOCK_NOT_OWNED', async () => {
    const cache = lockingCache()
    const holder = cache.lock('job', { timeout: 0.2 })
    await holder.acquire()
    await sleep(400) // stalled past the TTL
    const next = cache.lock('job', { timeout: 5 })
    expect(await next.acquire({ blocking: false })).toBe(true)
    await expect(holder.release()).rejects.toMatchObject({ code: 'E_LOCK_NOT_OWNED' })
    expect(await next.owned()).toBe(true)
    await next.release()
  })

  it('under withLock, the signal fires when the lock is stolen, and withLock rejects with E_LOCK_NOT_OWNED', async () => {
    const cache = lockingCache()
    const redis = cache.getConnection(true)
    let abortedWith: unknown
    const outcome = cache.withLock(
      'job',
      async (signal) => {
        await redis.set(cache.makeKey('job'), 'thief') // the key changes hands under us
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
        abortedWith = signal.reason
        return 'finished anyway'
      },
      { timeout: 0.3 },
    )
    await expect(outcome).rejects.toMatchObject({ code: 'E_LOCK_NOT_OWNED' })
    expect(abortedWith).toMatchObject({ code: 'E_LOCK_NOT_OWNED' })
    expect(await redis.get(cache.makeKey('job'))).toBe('thief')
  })

  const runWorkers = async (keyPrefix: string, mode: 'locked' | 'unlocked'): Promise<unknown> => {
    const url = topologies().standalone.url
    const args = ['--conditions=@cachex-js/source', '--import', 'tsx', worker, url, keyPrefix, '250', mode]
    await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, args, { cwd: repoRoot })))
    return lockingCache(keyPrefix).get('counter')
  }

  it('4 processes x 250 non-atomic read-modify-writes under the lock count exactly 1000', async () => {
    expect(await runWorkers(uniqueName('mutex'), 'locked')).toBe(1000)
  }, 120_000)

  it('control: the same workers without the lock lose updates (the race the lock prevents is real)', async () => {
    expect(await runWorkers(uniqueName('race'), 'unlocked')).toBeLessThan(1000)
  }, 120_000)
})
