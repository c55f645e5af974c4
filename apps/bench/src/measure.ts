/**
 * The closed-loop load generator: `concurrency` callers each await one operation after another, for a
 * warm-up and then a measured period; every measured call's latency is recorded.
 */

/** One operation; `i` is a counter the scenario uses to pick keys. */
export type Operation = (i: number) => Promise<unknown>

/** How long to run one cell. */
export interface MeasureOptions {
  concurrency: number
  warmupMs: number
  measureMs: number
}

/** What a measured period produced. */
export interface Measurement {
  ops: number
  seconds: number
  opsPerSec: number
  p50Ms: number
  p99Ms: number
  /** CPU time (user + system) the process spent per operation, in microseconds: the client's own cost. */
  cpuUsPerOp: number
  errors: number
  firstError: string | undefined
}

/** Latencies in milliseconds; keeps every sample up to a cap, then a uniform reservoir of them. */
export class LatencyRecorder {
  #samples: Float64Array
  #count = 0
  #seen = 0

  constructor(capacity = 1 << 20) {
    this.#samples = new Float64Array(capacity)
  }

  record(ms: number): void {
    this.#seen++
    if (this.#count < this.#samples.length) {
      this.#samples[this.#count++] = ms
      return
    }
    const slot = Math.floor(Math.random() * this.#seen)
    if (slot < this.#samples.length) this.#samples[slot] = ms
  }

  /** The `q` quantile (0..1) of the recorded latencies, nearest rank; `NaN` when empty. */
  quantiles(...qs: number[]): number[] {
    if (this.#count === 0) return qs.map(() => Number.NaN)
    const sorted = this.#samples.slice(0, this.#count).sort()
    return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!)
  }
}

async function drive(operation: Operation, concurrency: number, durationMs: number, recorder?: LatencyRecorder) {
  let next = 0
  let ops = 0
  let errors = 0
  let firstError: string | undefined
  const stopAt = performance.now() + durationMs
  const started = performance.now()
  const caller = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      const i = next++
      const t0 = performance.now()
      try {
        await operation(i)
      } catch (error) {
        errors++
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error)
        continue
      }
      recorder?.record(performance.now() - t0)
      ops++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, caller))
  return { ops, errors, firstError, seconds: (performance.now() - started) / 1000 }
}

/** Warms up, then measures `operation` at `concurrency` in flight. */
export async function measure(operation: Operation, options: MeasureOptions): Promise<Measurement> {
  if (options.warmupMs > 0) await drive(operation, options.concurrency, options.warmupMs)
  const recorder = new LatencyRecorder()
  const cpu = process.cpuUsage()
  const run = await drive(operation, options.concurrency, options.measureMs, recorder)
  const used = process.cpuUsage(cpu)
  const [p50Ms, p99Ms] = recorder.quantiles(0.5, 0.99)
  return {
    ops: run.ops,
    seconds: run.seconds,
    opsPerSec: run.ops / run.seconds,
    p50Ms: p50Ms!,
    p99Ms: p99Ms!,
    cpuUsPerOp: (used.user + used.system) / Math.max(1, run.ops),
    errors: run.errors,
    firstError: run.firstError,
  }
}
