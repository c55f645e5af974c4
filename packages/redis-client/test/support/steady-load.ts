/**
 * Test support for failover tests: a steady write/read load on a cache, every call timed and bounded (a
 * hang detector), and the figures a failover report needs — when writes stopped and resumed, how many
 * calls failed and with which codes, the slowest call, and which acknowledged writes a node still holds.
 */
import type { RedisCache } from '@cachex-js/redis-client'
import { settleWithin } from '@cachex-js/testkit'

/** One call of the load. */
export interface LoadCall {
  kind: 'write' | 'read'
  key: string
  startedAt: number
  endedAt: number
  /** `'ok'`, the rejection's cachex code (or `'other'`), or `'hung'` past the bound. */
  outcome: string
}

/** Options of {@link SteadyLoad}. */
export interface SteadyLoadOptions {
  /** Concurrent callers. Default 4. */
  workers?: number
  /** Pause between one caller's calls, ms (also after failures, so an outage is no busy loop). Default 5. */
  pauseMs?: number
  /** A call not settled within this many ms counts as hung. */
  boundMs: number
  /** Key prefix of the written keys (user keys). Default `'load'`. */
  label?: string
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Each worker writes fresh keys (`<label>:<worker>:<n>` = n) and reads back one it wrote before. */
export class SteadyLoad {
  readonly calls: LoadCall[] = []
  /** Acknowledged writes: user key -> the value the cache confirmed. */
  readonly acknowledged = new Map<string, number>()
  /** When each write was acknowledged (epoch ms). */
  readonly acknowledgedAt = new Map<string, number>()
  /** Reads that returned something other than the acknowledged value or a miss. */
  readonly wrongReads: string[] = []
  #running = false
  #workers: Promise<void>[] = []
  readonly #cache: RedisCache
  readonly #options: Required<SteadyLoadOptions>

  constructor(cache: RedisCache, options: SteadyLoadOptions) {
    this.#cache = cache
    this.#options = { workers: 4, pauseMs: 5, label: 'load', ...options }
  }

  start(): void {
    this.#running = true
    this.#workers = Array.from({ length: this.#options.workers }, (_, worker) => this.#work(worker))
  }

  async stop(): Promise<void> {
    this.#running = false
    await Promise.all(this.#workers)
  }

  async #work(worker: number): Promise<void> {
    const written: string[] = []
    for (let n = 0; this.#running; n++) {
      const key = `${this.#options.label}:${worker}:${n}`
      if (await this.#call('write', key, () => this.#cache.set(key, n, null))) {
        this.acknowledged.set(key, n)
        this.acknowledgedAt.set(key, Date.now())
        written.push(key)
      }
      const previous = written[Math.floor(Math.random() * written.length)]
      if (previous !== undefined) {
        let value: unknown
        const ok = await this.#call('read', previous, async () => (value = await this.#cache.get(previous)))
        // A failover may lose a write (async replication): a miss is possible, another value is not.
        if (ok && value !== undefined && value !== this.acknowledged.get(previous)) this.wrongReads.push(previous)
      }
      await sleep(this.#options.pauseMs)
    }
  }

  async #call(kind: LoadCall['kind'], key: string, run: () => Promise<unknown>): Promise<boolean> {
    const startedAt = Date.now()
    const settled = await settleWithin(run(), this.#options.boundMs)
    const code = settled.status === 'rejected' ? (settled.reason as { code?: unknown }).code : undefined
    const outcome =
      settled.status === 'fulfilled'
        ? 'ok'
        : settled.status === 'hung'
          ? 'hung'
          : typeof code === 'string'
            ? code
            : 'other'
    this.calls.push({ kind, key, startedAt, endedAt: Date.now(), outcome })
    return outcome === 'ok'
  }

  /** The failover figures, relative to `since` (the moment the node was killed). */
  report(since: number): FailoverFigures {
    const after = this.calls.filter((call) => call.startedAt >= since)
    const failures = after.filter((call) => call.outcome !== 'ok')
    const lastFailure = failures.reduce((last, call) => Math.max(last, call.endedAt), since)
    const firstWriteOk = after.find((call) => call.kind === 'write' && call.outcome === 'ok')
    const resumed = after.find(
      (call) => call.kind === 'write' && call.outcome === 'ok' && call.startedAt >= lastFailure,
    )
    const codes: Record<string, number> = {}
    for (const call of failures) codes[call.outcome] = (codes[call.outcome] ?? 0) + 1
    return {
      calls: this.calls.length,
      callsAfterKill: after.length,
      failed: failures.length,
      codes,
      hung: this.calls.filter((call) => call.outcome === 'hung').length,
      slowestMs: Math.max(0, ...this.calls.map((call) => call.endedAt - call.startedAt)),
      firstWriteOkMs: firstWriteOk ? firstWriteOk.endedAt - since : undefined,
      resumedMs: resumed ? resumed.endedAt - since : undefined,
      acknowledged: this.acknowledged.size,
      wrongReads: this.wrongReads.length,
    }
  }

  /** The acknowledged writes `holds(keys)` does not find (keys come in batches). */
  async lostWrites(holds: (keys: string[]) => Promise<Record<string, unknown>>): Promise<string[]> {
    const keys = [...this.acknowledged.keys()]
    const lost: string[] = []
    for (let i = 0; i < keys.length; i += 500) {
      const batch = keys.slice(i, i + 500)
      const found = await holds(batch)
      for (const key of batch) if (found[key] !== this.acknowledged.get(key)) lost.push(key)
    }
    return lost
  }
}

/** What a failover test reports. Times are ms after the kill. */
export interface FailoverFigures {
  calls: number
  callsAfterKill: number
  failed: number
  /** Failures by code. */
  codes: Record<string, number>
  hung: number
  /** The longest any call took to settle. */
  slowestMs: number
  /** The first acknowledged write started after the kill. */
  firstWriteOkMs: number | undefined
  /** The first acknowledged write after the last failure: from then on every call succeeded. */
  resumedMs: number | undefined
  acknowledged: number
  wrongReads: number
}
