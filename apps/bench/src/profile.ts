/**
 * `pnpm --filter @cachex-js/bench profile`: runs one system's hot-path cells in a worker under
 * `node --cpu-prof`, against a private redis-server, and prints where the CPU time went.
 *
 *   --systems cachex-cbor,raw-cbor    which systems (one profile each; default cachex-cbor,raw-cbor)
 *   --scenarios get-hit,set           which scenarios (default get-hit,set,get-many-100)
 *   --concurrency 64  --payload 100B  --seconds 5
 *   --source                          profile the TypeScript sources (default: the built dist/)
 *   --keep <dir>                      keep the .cpuprofile files there (open them in Chrome DevTools)
 */
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startStandalone } from '@cachex-js/testkit/redis'
import type { PayloadName } from './payloads.js'
import type { Cell, ScenarioName } from './plan.js'
import { summarizeProfile } from './profile-summary.js'
import { formatOps } from './report/format.js'
import { WorkerProcess } from './worker-process.js'

const { values } = parseArgs({
  options: {
    systems: { type: 'string', default: 'cachex-cbor,raw-cbor' },
    scenarios: { type: 'string', default: 'get-hit,set,get-many-100' },
    concurrency: { type: 'string', default: '64' },
    payload: { type: 'string', default: '100B' },
    seconds: { type: 'string', default: '5' },
    keep: { type: 'string' },
    source: { type: 'boolean', default: false },
    top: { type: 'string', default: '25' },
  },
})

const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`
const redis = await startStandalone()
try {
  for (const system of values.systems.split(',')) {
    for (const scenario of values.scenarios.split(',')) {
      const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'cachex-profile-'))
      const cell: Cell = {
        scenario: scenario as ScenarioName,
        payload: values.payload as PayloadName,
        concurrency: Number(values.concurrency),
      }
      const name = `${system}-${scenario}-${cell.payload}-x${cell.concurrency}`
      const worker = new WorkerProcess(
        {
          kind: 'system',
          system,
          context: { url: redis.url, host: redis.host, port: redis.port, prefix: `profile:${system}:` },
        },
        {
          source: values.source,
          nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`],
        },
      )
      let line = `${name}: failed`
      worker.command({ kind: 'cell', cell, durations: { warmupMs: 1000, measureMs: Number(values.seconds) * 1000 } })
      worker.command({ kind: 'stop' })
      for (;;) {
        const message = await worker.next()
        if (message.kind === 'cell') line = `${name}: ${formatOps(message.result.opsPerSec)} ops/s`
        if (message.kind === 'failed') line = `${name}: ${message.message}`
        if (message.kind === 'done' || message.kind === 'failed') break
      }
      await worker.exit()
      const file = readdirSync(dir).find((f) => f === `${name}.cpuprofile`)
      console.log(`\n## ${line}`)
      if (file === undefined) continue
      const summary = summarizeProfile(join(dir, file), Number(values.top))
      console.log(`busy ${percent(summary.busyShare)} of ${summary.totalMs.toFixed(0)} ms (the rest idle)`)
      console.log('\nself time by owner (share of busy time)')
      for (const owner of summary.byOwner.slice(0, 12)) console.log(`  ${percent(owner.share)}  ${owner.name}`)
      console.log('\nself time by function (self / inclusive)')
      for (const fn of summary.byFunction)
        console.log(`  ${percent(fn.share)} ${percent(fn.inclusive ?? 0)}  ${fn.name}`)
      if (values.keep) console.log(`profile: ${join(dir, file)}`)
    }
  }
} finally {
  await redis.stop()
}
