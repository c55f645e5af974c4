/**
 * `pnpm bench`: runs the benchmarks and writes the report.
 *
 *   --quick             the quick mode (under a minute; writes to a temporary directory unless --out)
 *   --out <dir>         where to write results.json, README.md and throughput.svg
 *                       (default: docs/benchmarks/ for a full run)
 *   --systems a,b       only these systems (ids as in the report)
 *   --scenarios a,b     only these scenarios; --payloads 100B,10KB; --concurrency 1,64
 *   --rounds <n>        runs per cell (the best is reported; default 2, quick 1)
 *   --source            load the cachex packages from their TypeScript sources (default: their dist/,
 *                       built by `pnpm bench` through turbo)
 *   --no-herd           skip the cold-key getOrSet herds
 *   --no-locks          skip the lock cells
 *   --no-redis-benchmark  skip redis-benchmark
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { renderSummary } from './report/markdown.js'
import { renderText, resultTables } from './report/results-table.js'
import { runBench } from './run-bench.js'
import { writeReport } from './write-report.js'

const DOCS = fileURLToPath(new URL('../../../docs/benchmarks/', import.meta.url))

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    systems: { type: 'string' },
    scenarios: { type: 'string' },
    payloads: { type: 'string' },
    concurrency: { type: 'string' },
    rounds: { type: 'string' },
    source: { type: 'boolean', default: false },
    'no-herd': { type: 'boolean', default: false },
    'no-locks': { type: 'boolean', default: false },
    'no-redis-benchmark': { type: 'boolean', default: false },
  },
})

const list = (text: string | undefined) => text?.split(',').map((item) => item.trim())
const mode = values.quick ? 'quick' : 'full'
const out = values.out ?? (mode === 'full' ? DOCS : mkdtempSync(join(tmpdir(), 'cachex-bench-')))
const { report, failures } = await runBench({
  mode,
  ...(values.systems !== undefined && { systems: list(values.systems) }),
  only: {
    scenarios: list(values.scenarios),
    payloads: list(values.payloads),
    concurrency: list(values.concurrency)?.map(Number),
  },
  source: values.source,
  ...(values.rounds !== undefined && { rounds: Number(values.rounds) }),
  skipHerd: values['no-herd'],
  skipLocks: values['no-locks'],
  skipRedisBenchmark: values['no-redis-benchmark'],
})

for (const table of resultTables(report, 'throughput')) console.log(`\n${renderText(table)}`)
console.log(`\n${renderSummary(report)}\n`)
for (const path of await writeReport(report, out)) console.log(`wrote ${path}`)
if (failures.length > 0) {
  console.error(`\n${failures.length} failure(s):\n${failures.map((f) => `  - ${f}`).join('\n')}`)
  process.exitCode = 1
}
