/**
 * The closed-loop load generator: `concurrency` callers each await one operation after another, for a
 * warm-up and then a measured period, which may be taken in slices with other systems' slices between them;
 * every measured call's latency is recorded.
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
  /** How many slices the measured period was taken in. */
  slices: number
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

/** Where the next call's counter starts (a cell's slices go on counting where the last one stopped). */
interface Counter {
  next: number
}

async function drive(
  operation: Operation,
  concurrency: number,
  durationMs: number,
  counter: Counter,
  recorder?: LatencyRecorder,
) {
  let ops = 0
  let errors = 0
  let firstError: string | undefined
  const stopAt = performance.now() + durationMs
  const started = performance.now()
  const caller = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      const i = counter.next++
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

/**
 * One cell being measured: warmed up once, then measured over one or more slices whose operations, time, CPU and
 * latencies add up (the time between slices, when other systems run, counts for nothing).
 */
export class CellMeasurement {
  readonly #recorder = new LatencyRecorder()
  readonly #counter: Counter = { next: 0 }
  #ops = 0
  #seconds = 0
  #cpuUs = 0
  #errors = 0
  #firstError: string | undefined
  #slices = 0

  constructor(
    readonly operation: Operation,
    readonly concurrency: number,
  ) {}

  /** Runs the operation for `ms` without measuring it. */
  async warmUp(ms: number): Promise<void> {
    if (ms > 0) await drive(this.operation, this.concurrency, ms, { next: 0 })
  }

  /** Measures one slice of `ms` (the callers in flight at its end finish, and count). */
  async slice(ms: number): Promise<void> {
    const cpu = process.cpuUsage()
    const run = await drive(this.operation, this.concurrency, ms, this.#counter, this.#recorder)
    const used = process.cpuUsage(cpu)
    this.#cpuUs += used.user + used.system
    this.#ops += run.ops
    this.#seconds += run.seconds
    this.#errors += run.errors
    this.#firstError ??= run.firstError
    this.#slices++
  }

  /** The figures of the slices measured so far. */
  result(): Measurement {
    const [p50Ms, p99Ms] = this.#recorder.quantiles(0.5, 0.99)
    return {
      ops: this.#ops,
      seconds: this.#seconds,
      opsPerSec: this.#ops / this.#seconds,
      p50Ms: p50Ms!,
      p99Ms: p99Ms!,
      cpuUsPerOp: this.#cpuUs / Math.max(1, this.#ops),
      slices: this.#slices,
      errors: this.#errors,
      firstError: this.#firstError,
    }
  }
}

/** Warms up, then measures `operation` at `concurrency` in flight, in one slice. */
export async function measure(operation: Operation, options: MeasureOptions): Promise<Measurement> {
  const cell = new CellMeasurement(operation, options.concurrency)
  await cell.warmUp(options.warmupMs)
  await cell.slice(options.measureMs)
  return cell.result()
}
