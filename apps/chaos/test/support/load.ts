/**
 * Test support: a load generator for fault tests. `concurrency` workers call a mix of cache methods in a
 * loop, each call bounded by a hang detector, and count per phase (`before` the fault, during the
 * `fault`, `after` recovery) what was attempted, what succeeded, which error codes came back, what hung,
 * and any value that is not what some writer stored under that key (a wrong value).
 */
import { isCachexError } from '@cachex-js/core'
import type { RedisCache } from '@cachex-js/redis-client'
import { settleWithin, sleep } from '@cachex-js/testkit'

/** The phases of a fault test. */
export type Phase = 'before' | 'fault' | 'after'

/** What one phase saw. */
export interface PhaseStats {
  attempted: number
  succeeded: number
  /** Rejections with a cachex error, by code. */
  failed: Record<string, number>
  /** Calls that did not settle within the hang bound. */
  hung: number
  /** Rejections that are not cachex errors, or codes a connection fault must not produce. */
  unexpected: string[]
  /** Values that no writer stored under that key, or results of the wrong shape. */
  wrongValues: string[]
  /**
   * Calls whose result can only be an ignoreExceptions default: `set` resolving `false`, `setMany` naming
   * keys it did not store, a pipelined `set` resolving `false`.
   */
  defaults: number
  /** The slowest settled call, in ms. */
  slowestMs: number
}

/** Options of {@link LoadGenerator}. */
export interface LoadOptions {
  /** Workers calling in parallel. Default 16. */
  concurrency?: number
  /** Distinct keys. Default 64. */
  keys?: number
  /** A call not settled after this many ms counts as hung. */
  hangBoundMs: number
  /**
   * The cache resolves ignoreExceptions defaults: the mix leaves out `incr` (which rejects anyway) and any
   * rejection is unexpected.
   */
  lenient?: boolean
  /** Pause after a failed call (an application backing off). Default 5 ms. */
  backoffMs?: number
}

/** The codes a connection fault may produce. */
const FAULT_CODES = new Set(['E_CONNECTION', 'E_TIMEOUT'])
const DEFAULT = Symbol('default')

interface Stored {
  k: string
  n: number
}

function emptyStats(): PhaseStats {
  return { attempted: 0, succeeded: 0, failed: {}, hung: 0, unexpected: [], wrongValues: [], defaults: 0, slowestMs: 0 }
}

/** Sum of a phase's failures. */
export function failures(stats: PhaseStats): number {
  return Object.values(stats.failed).reduce((a, b) => a + b, 0)
}

/** Runs a mixed workload against one cache until stopped. */
export class LoadGenerator {
  readonly stats: Record<Phase, PhaseStats> = { before: emptyStats(), fault: emptyStats(), after: emptyStats() }
  phase: Phase = 'before'
  private stopped = false
  private workers: Promise<void>[] = []
  private readonly concurrency: number
  private readonly keys: number
  private readonly lenient: boolean
  private readonly backoffMs: number

  constructor(
    private readonly cache: RedisCache,
    private readonly options: LoadOptions,
  ) {
    this.concurrency = options.concurrency ?? 16
    this.keys = options.keys ?? 64
    this.lenient = options.lenient ?? false
    this.backoffMs = options.backoffMs ?? 5
  }

  /** Starts the workers. */
  start(): this {
    for (let w = 0; w < this.concurrency; w++) this.workers.push(this.work(w))
    return this
  }

  /** Stops the workers and waits for their last calls. */
  async stop(): Promise<Record<Phase, PhaseStats>> {
    this.stopped = true
    await Promise.all(this.workers)
    return this.stats
  }

  /** Every key the mix writes (for recovery probes). */
  keyNames(): string[] {
    const keys = Array.from({ length: this.keys }, (_, i) => `k${i}`)
    return [...keys, ...keys.map((key) => `computed-${key}`)]
  }

  /** Calls made so far in `phase`. */
  attempted(phase: Phase = this.phase): number {
    return this.stats[phase].attempted
  }

  private async work(worker: number): Promise<void> {
    for (let i = worker; !this.stopped; i += this.concurrency) {
      const stats = this.stats[this.phase]
      stats.attempted++
      const settled = await settleWithin(this.call(i), this.options.hangBoundMs)
      if (settled.status !== 'hung') stats.slowestMs = Math.max(stats.slowestMs, settled.ms)
      if (settled.status === 'fulfilled') {
        stats.succeeded++
        // yield now and then so a fast healthy loop cannot starve timers
        if (i % 64 < this.concurrency) await new Promise((resolve) => setImmediate(resolve))
        continue
      }
      if (settled.status === 'hung') {
        stats.hung++
      } else if (isCachexError(settled.reason) && (FAULT_CODES.has(settled.reason.code) || !this.lenient)) {
        const code = settled.reason.code
        stats.failed[code] = (stats.failed[code] ?? 0) + 1
        if (!FAULT_CODES.has(code)) stats.unexpected.push(`${code}: ${settled.reason.message}`)
        else if (this.lenient) stats.unexpected.push(`${code} under ignoreExceptions: ${settled.reason.message}`)
      } else {
        stats.unexpected.push(String(settled.reason))
      }
      await sleep(this.backoffMs)
    }
  }

  /** One call of the mix; checks the shape and content of what it returns. */
  private async call(i: number): Promise<void> {
    const stats = this.stats[this.phase]
    const key = `k${i % this.keys}`
    const other = `k${(i * 7 + 3) % this.keys}`
    const wrong = (what: string) => {
      if (stats.wrongValues.length < 20) stats.wrongValues.push(what)
    }
    const checkValue = (k: string, value: unknown) => {
      if (value === DEFAULT || value === undefined) return
      if (value === null || typeof value !== 'object') return wrong(`${k} -> ${typeof value}`)
      const stored = value as Partial<Stored>
      if (stored.k !== k || typeof stored.n !== 'number') {
        wrong(`${k} -> ${JSON.stringify(value)}`)
      }
    }
    const mix = this.lenient ? 8 : 9
    switch (i % mix) {
      case 0:
      case 1: {
        checkValue(key, await this.cache.get(key, DEFAULT))
        return
      }
      case 2: {
        const written = await this.cache.set(key, { k: key, n: i }, 60)
        if (typeof written !== 'boolean') wrong(`set -> ${String(written)}`)
        if (written === false) stats.defaults++
        return
      }
      case 3: {
        const found = await this.cache.getMany([key, other])
        for (const [k, value] of Object.entries(found)) checkValue(k, value)
        return
      }
      case 4: {
        const failed = await this.cache.setMany({ [key]: { k: key, n: i }, [other]: { k: other, n: i } }, 60)
        if (!Array.isArray(failed) || failed.some((k) => k !== key && k !== other)) {
          wrong(`setMany -> ${JSON.stringify(failed)}`)
        } else if (failed.length > 0) stats.defaults++
        return
      }
      case 5: {
        const value = await this.cache.getOrSet(`computed-${key}`, () => ({ k: `computed-${key}`, n: -1 }), 60)
        checkValue(`computed-${key}`, value)
        if (value === undefined) wrong(`getOrSet -> undefined`)
        return
      }
      case 6: {
        const results = await this.cache.pipeline().get(key).set(other, { k: other, n: i }, 60).hasKey(key).exec()
        if (!Array.isArray(results) || results.length !== 3) wrong(`pipeline -> ${JSON.stringify(results)}`)
        else checkValue(key, results[0])
        if (results[1] === false) stats.defaults++
        return
      }
      case 7: {
        const existed = i % 2 === 0 ? await this.cache.delete(other) : await this.cache.hasKey(other)
        if (typeof existed !== 'boolean') wrong(`delete/hasKey -> ${String(existed)}`)
        return
      }
      default: {
        // incr on a counter that a restart may have wiped: recreate it
        try {
          const n = await this.cache.incr('counter')
          if (typeof n !== 'number') wrong(`incr -> ${String(n)}`)
        } catch (error) {
          if (!isCachexError(error, 'E_KEY_NOT_FOUND')) throw error
          await this.cache.add('counter', 0, null)
        }
      }
    }
  }
}
