/** The server's own limit: `redis-benchmark` GET/SET against the bench's server, CSV output parsed. */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { resolveRedisBinaries } from '@cachex-js/testkit/redis'
import type { RedisBenchmarkResult } from './results.js'

const run = promisify(execFile)

/** Options of one redis-benchmark invocation. */
export interface RedisBenchmarkOptions {
  host: string
  port: number
  requests: number
  clients: number
  pipeline: number
  dataSize: number
}

/** The redis-benchmark executable beside the harness's redis-server, or on PATH. */
export function redisBenchmarkPath(): string {
  const beside = join(dirname(resolveRedisBinaries().server), 'redis-benchmark')
  return existsSync(beside) ? beside : 'redis-benchmark'
}

/** Runs GET and SET once with `options`; rejects when redis-benchmark fails or prints nothing usable. */
export async function runRedisBenchmark(options: RedisBenchmarkOptions): Promise<RedisBenchmarkResult[]> {
  const args = ['-h', options.host, '-p', String(options.port), '-t', 'set,get', '-n', String(options.requests)]
  args.push('-c', String(options.clients), '-P', String(options.pipeline), '-d', String(options.dataSize))
  args.push('-r', '100000', '--csv')
  const { stdout } = await run(redisBenchmarkPath(), args, { timeout: 300_000 })
  const lines = stdout.trim().split('\n')
  const header = (lines.shift() ?? '').split(',').map((cell) => cell.replaceAll('"', ''))
  const results = lines.map((line): RedisBenchmarkResult => {
    const cells = line.split(',').map((cell) => cell.replaceAll('"', ''))
    const field = (name: string) => Number(cells[header.indexOf(name)])
    return {
      test: cells[0] === 'GET' ? 'GET' : 'SET',
      pipeline: options.pipeline,
      clients: options.clients,
      dataSize: options.dataSize,
      requests: options.requests,
      opsPerSec: field('rps'),
      p50Ms: field('p50_latency_ms'),
      p99Ms: field('p99_latency_ms'),
    }
  })
  if (results.length === 0 || results.some((r) => !Number.isFinite(r.opsPerSec))) {
    throw new Error(`unexpected redis-benchmark output:\n${stdout}`)
  }
  return results
}
