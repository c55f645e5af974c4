import { describe, expect, it } from 'vitest'
import { LatencyRecorder, measure } from '../src/measure.js'
import { PAYLOAD_BYTES, jsonSize, makePayload } from '../src/payloads.js'
import { ownerOf } from '../src/profile-summary.js'
import { formatMs, formatOps } from '../src/report/format.js'
import { renderMarkdown } from '../src/report/results-table.js'
import { evaluateChecks } from '../src/report/checks.js'
import type { BenchReport, CellResult } from '../src/results.js'

describe('LatencyRecorder', () => {
  it('reports nearest-rank quantiles', () => {
    const recorder = new LatencyRecorder()
    for (let ms = 100; ms >= 1; ms--) recorder.record(ms)
    expect(recorder.quantiles(0.5, 0.99, 1)).toEqual([50, 99, 100])
  })

  it('keeps a bounded sample once full', () => {
    const recorder = new LatencyRecorder(10)
    for (let i = 0; i < 1000; i++) recorder.record(7)
    expect(recorder.quantiles(0.5)).toEqual([7])
  })
})

describe('measure', () => {
  it('counts operations and errors without recording failed calls', async () => {
    let calls = 0
    const m = await measure(
      async (i) => {
        calls++
        if (i % 2 === 1) throw new Error('odd')
        await Promise.resolve()
      },
      { concurrency: 4, warmupMs: 0, measureMs: 20 },
    )
    expect(m.ops + m.errors).toBe(calls)
    expect(m.errors).toBeGreaterThan(0)
    expect(m.firstError).toBe('Error: odd')
  })
})

describe('payloads', () => {
  it('are the same for the same seed and near their nominal size', () => {
    expect(makePayload('10KB', 3)).toEqual(makePayload('10KB', 3))
    expect(makePayload('10KB', 3)).not.toEqual(makePayload('10KB', 4))
    for (const name of ['100B', '10KB', '1MB'] as const) {
      const size = jsonSize(makePayload(name, 1))
      expect(size).toBeGreaterThan(PAYLOAD_BYTES[name] * 0.5)
      expect(size).toBeLessThan(PAYLOAD_BYTES[name] * 1.5)
    }
  })
})

describe('report formatting', () => {
  it('formats figures', () => {
    expect(formatOps(1_234_567)).toBe('1.23M')
    expect(formatOps(45_600)).toBe('45.6k')
    expect(formatOps(Number.NaN)).toBe('n/a')
    expect(formatMs(0.04123)).toBe('0.041')
    expect(formatMs(35.24)).toBe('35.2')
  })

  it('renders Markdown tables with escaped pipes and right-aligned figures', () => {
    expect(renderMarkdown(['a', 'b', 'n'], [['x|y', 'z', '1']])).toBe(
      '| a | b | n |\n| --- | --- | ---: |\n| x\\|y | z | 1 |',
    )
  })

  it('attributes profile frames to their owner', () => {
    expect(ownerOf('file:///w/packages/redis-client/src/ops.ts', 'setOp')).toBe('cachex/redis-client')
    expect(ownerOf('file:///w/packages/core/dist/index.js', 'decode')).toBe('cachex/core')
    expect(ownerOf('file:///w/node_modules/.pnpm/ioredis@6.0.0/node_modules/ioredis/built/Redis.js', 'x')).toBe(
      'ioredis',
    )
    expect(ownerOf('file:///w/node_modules/.pnpm/@redis+client@5.12.1/node_modules/@redis/client/x.js', 'x')).toBe(
      '@redis/client',
    )
    expect(ownerOf('', '(garbage collector)')).toBe('(garbage collector)')
  })
})

describe('the "ahead" checks', () => {
  const cellOf = (system: string, scenario: string, opsPerSec: number, runs?: number[]): CellResult => ({
    system,
    scenario: scenario as CellResult['scenario'],
    payload: '10KB',
    concurrency: 64,
    ops: opsPerSec,
    seconds: 1,
    opsPerSec,
    p50Ms: 1,
    p99Ms: 2,
    cpuUsPerOp: 10,
    slices: 1,
    errors: 0,
    ...(runs && { runs }),
  })
  const reportOf = (cells: CellResult[]) =>
    ({ cells, herd: [], locks: [], redisBenchmark: [], systems: [] }) as unknown as BenchReport

  it('judge each cachex encoding on its own, naming every cell it is not ahead in with its rounds', () => {
    const checks = evaluateChecks(
      reportOf([
        cellOf('cachex-cbor', 'set', 16_700, [15_000, 16_700]),
        cellOf('cachex-json', 'set', 9_320, [8_900, 9_320]),
        cellOf('bentocache', 'set', 14_000, [13_100, 14_000]),
        cellOf('cachex-cbor', 'get-hit', 16_700),
        cellOf('cachex-json', 'get-hit', 16_400),
        cellOf('keyv', 'get-hit', 3_250),
      ]),
    )
    const cbor = checks.find((c) => c.claim.startsWith('cachex with cbor'))
    const json = checks.find((c) => c.claim.startsWith('cachex with json'))
    expect(cbor).toMatchObject({ holds: true, detail: 'ahead in every cell measured' })
    expect(json?.holds).toBe(false)
    expect(json?.detail).toBe(
      'not ahead in 1 cell(s): set/10KB/64: bentocache 14.0k vs 9.32k (rounds: 13.1k-14.0k vs 8.90k-9.32k)',
    )
  })

  it('report a claim as unmeasured when no competitor ran', () => {
    const checks = evaluateChecks(reportOf([cellOf('cachex-cbor', 'set', 16_700)]))
    expect(checks.find((c) => c.claim.startsWith('cachex with cbor'))).toMatchObject({
      holds: undefined,
      detail: 'competitors not measured',
    })
  })
})
