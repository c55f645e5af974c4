/**
 * Runs `pnpm bench --quick` end to end (a private redis-server, every system, the herds, the locks and
 * redis-benchmark) so the bench cannot rot. It checks what the run produced, never how fast anything was.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellsFor, makePlan } from '../src/plan.js'
import type { BenchReport } from '../src/results.js'
import { SYSTEMS } from '../src/systems/system-catalog.js'

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url))

function runQuick(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@cachex-js/source', 'src/main.ts', '--quick', '--source', '--out', out],
      { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, output }))
  })
}

describe('pnpm bench --quick', () => {
  let out: string
  let run: { code: number | null; output: string }
  let report: BenchReport

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'cachex-bench-test-'))
    run = await runQuick(out)
    report = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchReport
  }, 240_000)

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true })
  })

  it('finishes without a failure', () => {
    expect(run.output).not.toMatch(/failure\(s\)/)
    expect(run.code, run.output).toBe(0)
  })

  it('measures every cell of the quick plan for every system, with latencies and CPU per op', () => {
    const plan = makePlan('quick')
    expect(report.environment.mode).toBe('quick')
    expect(report.systems.map((s) => s.id)).toEqual(SYSTEMS.map((s) => s.id))
    for (const system of SYSTEMS) {
      const expected = cellsFor(plan.cells, system)
      const measured = report.cells.filter((c) => c.system === system.id)
      expect(measured.map((c) => `${c.scenario}/${c.payload}/${c.concurrency}`)).toEqual(
        expected.map((c) => `${c.scenario}/${c.payload}/${c.concurrency}`),
      )
      for (const cell of measured) {
        expect(cell.ops, `${system.id} ${cell.scenario}`).toBeGreaterThan(0)
        expect(cell.errors).toBe(0)
        expect(cell.p99Ms).toBeGreaterThanOrEqual(cell.p50Ms)
        expect(cell.cpuUsPerOp).toBeGreaterThan(0)
      }
    }
  })

  it('takes the cells at 1 in flight in slices, in turn with the other systems, and the others whole', () => {
    const plan = makePlan('quick')
    expect(plan.slicesAtOneInFlight).toBeGreaterThan(1)
    const atOne = report.cells.filter((c) => c.concurrency === 1)
    expect(atOne.length).toBeGreaterThan(0)
    for (const cell of report.cells) {
      expect(cell.slices, `${cell.system} ${cell.scenario} x${cell.concurrency}`).toBe(
        cell.concurrency === 1 ? plan.slicesAtOneInFlight : 1,
      )
    }
  })

  it('gives every non-raw cell a ratio to the raw ioredis run with the same encoding', () => {
    for (const cell of report.cells.filter((c) => !c.system.startsWith('raw-'))) {
      const system = report.systems.find((s) => s.id === cell.system)!
      const baseline = report.cells.find(
        (c) =>
          c.system === system.baseline &&
          c.scenario === cell.scenario &&
          c.payload === cell.payload &&
          c.concurrency === cell.concurrency,
      )
      expect(cell.ratio).toBeCloseTo(cell.opsPerSec / baseline!.opsPerSec, 6)
    }
  })

  it('never runs the factory of a hot key', () => {
    const hot = report.cells.filter((c) => c.scenario === 'get-or-set-hot')
    expect(hot.length).toBeGreaterThan(0)
    for (const cell of hot) expect(cell.factoryRuns, cell.system).toBe(0)
  })

  it('runs the cold-key factory once per round across processes for cachex, and counts it for everyone', () => {
    const plan = makePlan('quick')
    expect(report.herd.map((h) => h.system)).toEqual(SYSTEMS.map((s) => s.id))
    for (const herd of report.herd) {
      expect(herd.factoryRunsPerRound).toHaveLength(plan.herd.rounds)
      expect(herd.errors).toBe(0)
      for (const runs of herd.factoryRunsPerRound) {
        if (herd.system.startsWith('cachex')) expect(runs, herd.system).toBe(1)
        else expect(runs, herd.system).toBeGreaterThanOrEqual(1)
      }
    }
  })

  it('measures the locks and the server limit', () => {
    expect(report.locks.map((l) => l.system).sort()).toEqual(['cachex-cache-lock', 'cachex-lock', 'redis-semaphore'])
    for (const lock of report.locks) expect(lock.opsPerSec).toBeGreaterThan(0)
    expect(report.redisBenchmark.map((r) => `${r.test} -P ${r.pipeline}`).sort()).toEqual([
      'GET -P 1',
      'GET -P 16',
      'SET -P 1',
      'SET -P 16',
    ])
  })

  it('writes the Markdown report, the SVG chart and the versions', () => {
    const markdown = readFileSync(join(out, 'README.md'), 'utf8')
    expect(markdown).toContain('## What this run shows')
    expect(markdown).toContain('](./throughput.svg)')
    // the table is prettier-formatted: cells are padded
    expect(markdown).toMatch(new RegExp(`\\| Redis +\\| ${report.environment.redis.replace(/\./g, '\\.')}`))
    const svg = readFileSync(join(out, 'throughput.svg'), 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.match(/<rect /g)?.length).toBeGreaterThan(report.systems.length)
    for (const system of report.systems) {
      for (const version of Object.values(system.versions)) expect(version, system.id).toMatch(/^\d+\.\d+\.\d+/)
      expect(system.peakRssMb).toBeGreaterThan(0)
    }
  })
})
