/**
 * Test support: one fault under load, the same way for every fault. Two caches on the same server, a strict
 * one and one with `ignoreExceptions`, each under a {@link LoadGenerator}; the fault is injected once both
 * are warm, held until both have felt it, then healed; both must recover (the same cache objects, never
 * recreated) and serve a run of calls without a single failure.
 */
import { expect } from 'vitest'
import type { Logger } from '@cachex-js/core'
import type { RedisCache, RedisCacheConfig, RedisCacheOptions } from '@cachex-js/redis-client'
import { reportFigure } from './figures.js'
import { failures, LoadGenerator, type Phase, type PhaseStats } from './load.js'
import { watchProcess } from './process-health.js'
import { uniquePrefix, testCache } from './redis.js'
import { eventually } from '@cachex-js/testkit'
import { until } from './until.js'

/** socketTimeout of the caches under test, in seconds. */
export const SOCKET_TIMEOUT = 0.5
/**
 * A call that has not settled by socketTimeout + this margin is hanging. Generous: the machine running the
 * suite may be loaded; a real hang never settles at all.
 */
export const HANG_BOUND_MS = SOCKET_TIMEOUT * 1000 + 4500

/** How a fault is made and undone. */
export interface FaultScenario {
  /** Name printed with the figures. */
  name: string
  /** Where the caches connect (a URL, a sentinel service URL, cluster node URLs). */
  location: RedisCacheConfig['location']
  /** Options both caches get besides the scenario's own (`client`, `sentinels`...). */
  options?: RedisCacheOptions
  /** Breaks things (kill, freeze, drop connections...). */
  inject(): Promise<void>
  /** Called repeatedly while the fault phase waits to be felt (e.g. to keep killing connections). */
  sustain?(): Promise<void>
  /** Undoes the fault (restart, thaw...). */
  heal(): Promise<void>
  /** Calls each cache must make in the `before` and `after` phases. Default 1500. */
  calls?: number
  /** Failures each cache must have seen before the fault is healed. Default 20. */
  felt?: number
}

/** What {@link runFaultScenario} measured. */
export interface FaultFigures {
  strict: Record<Phase, PhaseStats>
  lenient: Record<Phase, PhaseStats>
  /** ignoreExceptions defaults served (each one logged). */
  defaultsServed: number
  line: string
}

function countingLogger(): { logger: Logger; count: () => number; operations: Set<string> } {
  let count = 0
  const operations = new Set<string>()
  return {
    logger: {
      error: (obj) => {
        count++
        const operation = (obj as { operation?: unknown }).operation
        if (typeof operation === 'string') operations.add(operation)
      },
      warn: () => undefined,
      debug: () => undefined,
    },
    count: () => count,
    operations,
  }
}

function probe(keys: string[]): Map<string, unknown> {
  return new Map(keys.map((key) => [key, { k: key, n: -2 }]))
}

function expectNone(failed: string[]): void {
  if (failed.length > 0) throw new Error(`not recovered yet: ${failed.length} keys not stored`)
}

/** Runs `scenario` and asserts the failure contract; returns the figures (also printed). */
export async function runFaultScenario(scenario: FaultScenario): Promise<FaultFigures> {
  const calls = scenario.calls ?? 1500
  const felt = scenario.felt ?? 20
  const health = watchProcess()
  const prefix = uniquePrefix()
  const ignored = countingLogger()
  const strictCache: RedisCache = testCache({
    location: scenario.location,
    keyPrefix: `${prefix}-strict`,
    options: { ...scenario.options, socketTimeout: SOCKET_TIMEOUT },
  })
  const lenientCache: RedisCache = testCache({
    location: scenario.location,
    keyPrefix: `${prefix}-lenient`,
    options: {
      ...scenario.options,
      socketTimeout: SOCKET_TIMEOUT,
      ignoreExceptions: true,
      logIgnoredExceptions: true,
      logger: ignored.logger,
    },
  })
  const strict = new LoadGenerator(strictCache, { hangBoundMs: HANG_BOUND_MS }).start()
  const lenient = new LoadGenerator(lenientCache, { hangBoundMs: HANG_BOUND_MS, lenient: true }).start()
  const both = [strict, lenient]
  /** Calls that started before the fault and were still in flight when it hit may fail: not these. */
  let failedBeforeFault = Number.NaN
  try {
    await until(() => both.every((load) => load.attempted('before') >= calls), 'the warm-up calls', 2400)
    const loggedBefore = ignored.count()
    failedBeforeFault = failures(strict.stats.before) + lenient.stats.before.defaults
    for (const load of both) load.phase = 'fault'
    await scenario.inject()
    const isFelt = () => failures(strict.stats.fault) >= felt && ignored.count() - loggedBefore >= felt
    for (let round = 0; scenario.sustain && !isFelt() && round < 200; round++) await scenario.sustain()
    await until(isFelt, `both caches to feel the fault (${scenario.name})`, 1200)
    await scenario.heal()
    // Recovery: the same cache objects work again (no recreation), proven by a write to every key the load
    // uses (on a cluster they span every primary).
    await eventually(() => strictCache.setMany(probe(strict.keyNames())).then(expectNone), 300, 50)
    await eventually(() => lenientCache.setMany(probe(lenient.keyNames())).then(expectNone), 300, 50)
    for (const load of both) load.phase = 'after'
    await until(() => both.every((load) => load.attempted('after') >= calls), 'the calls after recovery', 2400)
  } finally {
    await Promise.all(both.map((load) => load.stop()))
    health.stop()
  }

  const defaultsServed = ignored.count()
  const s = strict.stats
  const l = lenient.stats
  const line = reportFigure(scenario.name, {
    attempted: s.before.attempted + s.fault.attempted + s.after.attempted,
    failed: failures(s.fault),
    failedByCode: s.fault.failed,
    recovered: `${s.after.succeeded}/${s.after.attempted}`,
    slowestFailureMs: s.fault.slowestMs,
    hung: s.before.hung + s.fault.hung + s.after.hung,
    lenientAttempted: l.before.attempted + l.fault.attempted + l.after.attempted,
    lenientDefaults: defaultsServed,
    lenientRejected: failures(l.before) + failures(l.fault) + failures(l.after),
    lenientWriteDefaultsAfter: l.after.defaults,
    unhandledRejections: health.unhandledRejections.length,
    uncaughtExceptions: health.uncaughtExceptions.length,
  })

  for (const [phase, stats] of Object.entries(s)) {
    expect(stats.hung, `strict ${phase}: hung calls`).toBe(0)
    expect(stats.unexpected, `strict ${phase}: unexpected errors`).toEqual([])
    expect(stats.wrongValues, `strict ${phase}: wrong values`).toEqual([])
  }
  for (const [phase, stats] of Object.entries(l)) {
    expect(stats.hung, `lenient ${phase}: hung calls`).toBe(0)
    expect(stats.unexpected, `lenient ${phase}: rejections under ignoreExceptions`).toEqual([])
    expect(stats.wrongValues, `lenient ${phase}: wrong values or defaults`).toEqual([])
  }
  expect(failedBeforeFault, 'failures before the fault').toBe(0)
  expect(failures(s.fault), 'the fault was felt').toBeGreaterThanOrEqual(felt)
  expect(s.after.succeeded, 'every call after recovery succeeds').toBe(s.after.attempted)
  expect(l.fault.defaults, 'writes resolved their defaults during the fault').toBeGreaterThan(0)
  expect(l.after.defaults, 'no default served after recovery').toBe(0)
  expect(defaultsServed, 'ignoreExceptions served (and logged) defaults').toBeGreaterThanOrEqual(felt)
  expect(health.unhandledRejections).toEqual([])
  expect(health.uncaughtExceptions).toEqual([])
  return { strict: s, lenient: l, defaultsServed, line }
}
