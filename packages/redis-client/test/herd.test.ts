import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { describe, expect, it, onTestFinished } from 'vitest'
import { plainClient, sharedRedis, testCache, uniquePrefix } from './support/shared-redis.js'
import { packageDir, tsxCli } from './support/tsx-cli.js'

const { standalone } = sharedRedis()
const PROCESSES = 4
const CALLERS = 50

interface Worker {
  child: ChildProcess
  /** Resolves when the worker has printed `ready`. */
  ready: Promise<void>
  /** Every JSON result line, as they arrive. */
  results: { value?: string; error?: string }[]
  /** Resolves when the worker has printed `done`. */
  done: Promise<void>
  stderr: string[]
}

function startWorker(args: Record<string, unknown>): Worker {
  const child = spawn(
    process.execPath,
    [tsxCli, '--conditions=@cachex-js/source', 'test/fixtures/herd-worker.ts', JSON.stringify(args)],
    {
      cwd: packageDir,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  const worker: Worker = { child, results: [], stderr: [], ready: Promise.resolve(), done: Promise.resolve() }
  child.stderr.on('data', (chunk: Buffer) => worker.stderr.push(chunk.toString()))
  const lines = createInterface({ input: child.stdout })
  let onReady!: () => void
  let onDone!: () => void
  worker.ready = new Promise((resolve) => (onReady = resolve))
  worker.done = new Promise((resolve, reject) => {
    onDone = resolve
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before done: ${worker.stderr.join('')}`)))
  })
  lines.on('line', (line) => {
    if (line === 'ready') onReady()
    else if (line === 'done') onDone()
    else if (line.startsWith('{')) worker.results.push(JSON.parse(line) as { value?: string; error?: string })
  })
  return worker
}

async function startAll(args: Record<string, unknown>): Promise<Worker[]> {
  const workers = Array.from({ length: PROCESSES }, () => startWorker(args))
  await Promise.all(workers.map((w) => w.ready))
  for (const worker of workers) worker.child.stdin!.write('go\n')
  return workers
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe(`getOrSet across ${PROCESSES} processes x ${CALLERS} callers`, () => {
  it('runs the factory exactly once on a cold key, and every caller gets its value', async () => {
    const prefix = uniquePrefix('herd')
    const counterKey = `${prefix}:factory-runs`
    const workers = await startAll({
      url: standalone.url,
      prefix,
      key: 'cold',
      counterKey,
      callers: CALLERS,
      timeout: 60,
      holdMs: 300,
    })
    await Promise.all(workers.map((w) => w.done))
    const results = workers.flatMap((w) => w.results)
    expect(results).toHaveLength(PROCESSES * CALLERS)
    const redis = plainClient(standalone.url)
    expect(await redis.get(counterKey)).toBe('1')
    const values = new Set(results.map((r) => r.value))
    expect(results.filter((r) => r.error !== undefined)).toEqual([])
    expect(values.size).toBe(1)
    const [value] = values
    expect(value).toMatch(/^computed by \d+$/)
    const cache = testCache({ location: standalone.url, keyPrefix: prefix })
    expect(await cache.get('cold')).toBe(value)
    await redis.del(counterKey)
  }, 60_000)

  it('serves a stale value to every caller at once while one caller refreshes it', async () => {
    const prefix = uniquePrefix('stale')
    const counterKey = `${prefix}:factory-runs`
    const releaseKey = `${prefix}:release`
    const cache = testCache({ location: standalone.url, keyPrefix: prefix })
    expect(await cache.getOrSet('report', 'old value', 0.2, { staleCacheTimeout: 60 })).toBe('old value')
    await until(async () => ((await cache.pttl('report')) ?? 0) <= 60_000, 'the value to turn stale')
    expect(await cache.get('report')).toBe('old value') // plain get still sees it

    const workers = await startAll({
      url: standalone.url,
      prefix,
      key: 'report',
      counterKey,
      callers: CALLERS,
      timeout: 60,
      staleCacheTimeout: 60,
      releaseKey,
    })
    const all = () => workers.flatMap((w) => w.results)
    // Everyone but the refreshing caller gets the stale value while the factory is still held.
    await until(() => all().length === PROCESSES * CALLERS - 1, 'the stale answers')
    expect(all().every((r) => r.value === 'old value')).toBe(true)
    const redis = plainClient(standalone.url)
    expect(await redis.get(counterKey)).toBe('1')

    await redis.set(releaseKey, '1')
    await Promise.all(workers.map((w) => w.done))
    const refreshed = all().filter((r) => r.value !== 'old value')
    expect(refreshed).toHaveLength(1)
    expect(refreshed[0]!.value).toMatch(/^computed by \d+$/)
    expect(await redis.get(counterKey)).toBe('1')
    expect(await cache.get('report')).toBe(refreshed[0]!.value)
    expect(await cache.getOrSet('report', () => 'not called', 60, { staleCacheTimeout: 60 })).toBe(refreshed[0]!.value)
    await redis.del(counterKey, releaseKey)
  }, 60_000)
})
