/**
 * Measures how soon writes resume after a SIGKILL of the sentinel primary, for several ioredis
 * `retryStrategy` settings, on dedicated harness topologies (down-after 1000 ms). The figures behind
 * `sentinelRetryStrategy` (README, "Failover").
 *
 *   npx tsx --conditions=@cachex-js/source packages/redis-client/scripts/measure-sentinel-retry.ts [runs]
 */
import type { RedisOptions } from 'ioredis'
import { startSentinel } from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'
import { SteadyLoad } from '../test/support/steady-load.js'

const candidates: Array<[string, RedisOptions]> = [
  ['ioredis 6 default (50 ms x 2^n, cap 5 s, + jitter)', { retryStrategy: undefined }],
  ['50 ms x n, cap 1 s (cachex default elsewhere)', { retryStrategy: (times: number) => Math.min(50 * times, 1000) }],
  ['constant 500 ms', { retryStrategy: () => 500 }],
  ['constant 100 ms', { retryStrategy: () => 100 }],
  ['constant 100 ms + failoverDetector', { retryStrategy: () => 100, failoverDetector: true }],
  ['cachex failoverRetryStrategy (100 ms x 50, then 500 ms)', {}],
]
const only = process.argv[3]

const runs = Number(process.argv[2] ?? 3)
for (const [name, connectionOptions] of candidates) {
  if (only !== undefined && !name.includes(only)) continue
  const resumed: number[] = []
  const switched: number[] = []
  for (let run = 0; run < runs; run++) {
    const topology = await startSentinel()
    const cache = new RedisCache({
      location: `redis://${topology.name}/0`,
      keyPrefix: 'measure',
      options: { client: 'sentinel', sentinels: topology.info().sentinels, socketTimeout: 1, connectionOptions },
    })
    try {
      await cache.set('warm', 1)
      const load = new SteadyLoad(cache, { boundMs: 3000 })
      load.start()
      await new Promise((resolve) => setTimeout(resolve, 300))
      const killedAt = Date.now()
      topology.kill(topology.primary)
      await topology.waitForFailover(topology.primary)
      switched.push(Date.now() - killedAt)
      await new Promise((resolve) => setTimeout(resolve, 6000))
      await load.stop()
      const figures = load.report(killedAt)
      resumed.push(figures.resumedMs ?? Number.NaN)
    } finally {
      await cache.close()
      await topology.stop()
    }
  }
  const fmt = (values: number[]) => values.map((v) => (v / 1000).toFixed(2)).join(' / ')
  console.log(`${name}: writes resumed after ${fmt(resumed)} s (sentinels switched after ${fmt(switched)} s)`)
}
