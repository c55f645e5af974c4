/**
 * Load on a dedicated Redis: 1,000,000 mixed operations (pipelined and concurrent) keep the heap flat,
 * measured after full GCs in a child process run with `--expose-gc`.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import type { Report } from './fixtures/heap-worker.js'
import { reportFigure } from './support/figures.js'
import { dedicatedServer, stopServer, uniquePrefix } from './support/redis.js'

const MB = 1024 * 1024
const packageDir = join(import.meta.dirname, '..')
const tsx = join(
  createRequire(join(packageDir, '..', '..', 'package.json')).resolve('tsx/package.json'),
  '..',
  'dist',
  'cli.mjs',
)

let server: RedisStandalone
beforeAll(async () => {
  server = await dedicatedServer()
})
afterAll(() => stopServer(server))

function runHeapWorker(args: Record<string, unknown>): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [tsx, '--expose-gc', '--conditions=@cachex-js/source', 'test/fixtures/heap-worker.ts', JSON.stringify(args)],
      // detached: its own process group, so the kill below reaches the worker tsx starts, not only tsx
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    )
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL')
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`heap worker exited with ${code}: ${err}`))
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Report)
    })
  })
}

describe('load', () => {
  it('1,000,000 mixed operations (pipelined and concurrent) keep heapUsed flat after GC', async () => {
    const report = await runHeapWorker({
      url: server.url,
      prefix: uniquePrefix('heap'),
      operations: 1_000_000,
      rounds: 10,
      lanes: 32,
      pipelineSize: 100,
    })
    const [afterWarmUp, ...samples] = report.heap
    const growth = samples.at(-1)! - afterWarmUp!
    const spread = Math.max(...report.heap) - Math.min(...report.heap)
    reportFigure('1M operations', {
      operations: report.operations,
      failures: report.failures,
      seconds: (report.ms / 1000).toFixed(1),
      opsPerSecond: Math.round(report.operations / (report.ms / 1000)),
      heapAfterWarmUpMb: (afterWarmUp! / MB).toFixed(1),
      heapEndMb: (samples.at(-1)! / MB).toFixed(1),
      heapGrowthKb: Math.round(growth / 1024),
      heapSpreadKb: Math.round(spread / 1024),
      rssMb: Math.round(report.rss / MB),
    })
    expect(report.operations).toBeGreaterThanOrEqual(1_000_000)
    expect(report.failures).toBe(0)
    // a leak of 8 bytes per operation would add 8 MB; the heap is ~10 MB and does not move
    expect(growth, 'heap growth over 1M operations').toBeLessThan(8 * MB)
    expect(spread, 'heap spread between rounds').toBeLessThan(8 * MB)
  }, 180_000)
})
