/**
 * `getOrSet` with thundering-herd protection across processes (CONTRACT section 7).
 *
 * 1. Process-local single flight (`LocalFlights`): concurrent callers for one key in one process share one
 *    resolution (one read, one lease attempt at a time), each racing its own `signal`; they take a stale
 *    value as soon as the resolution finds one, and try again themselves if its factory fails.
 * 2. Read the key (GET, plus PTTL when `staleCacheTimeout` is given). Fresh value: done.
 * 3. Try the lease: `SET <lease key> <random token> NX PX lockTimeout`.
 *    - Won: read again (a previous winner may just have stored), run the factory, store the value, release
 *      the lease by compare-and-delete (also when the factory throws).
 *    - Lost with a stale value at hand: serve it at once.
 *    - Lost without one: poll (5 ms doubling to 100 ms) for the winner's value; if the lease disappears
 *      without a value (the winner failed) try the lease again; past `lockTimeout`, compute ourselves.
 *
 * Stale serving keeps one key: a value stored by getOrSet with `staleCacheTimeout` lives in Redis for
 * `timeout + staleCacheTimeout` (a century for `null`), and is fresh while more than `staleCacheTimeout`
 * of that TTL is left. Plain `get` sees a normal value throughout.
 */
import { randomBytes } from 'node:crypto'
import {
  assertTimeout,
  resolveExpiry,
  secondsToMs,
  type ErrorContext,
  type Expiry,
  type GetOrSetOptions,
  type Timeout,
} from '@cachex-js/core'
import type { CacheContext } from './cache-context.js'
import { unwrap } from './commands.js'
import { isIgnorable } from './error-normalizer.js'
import { LocalFlights, abortReason, type FlightResult, type OfferStale } from './local-flights.js'
import { DELETE_IF_EQUAL } from './scripts.js'

/** The default `lockTimeout` of getOrSet, in seconds. */
export const DEFAULT_LOCK_TIMEOUT = 10

/** How far past `timeout` a value stays servable when `staleCacheTimeout` is `null` (forever): 100 years. */
export const STALE_FOREVER_MS = 100 * 365 * 24 * 3600 * 1000

/** The key of the lease for a stored key. Outside the cache's key patterns, so `keys()` never lists it. */
export function leaseKey(fullKey: string): string {
  return `__cachex_lease__:${fullKey}`
}

interface Job {
  key: string
  fullKey: string
  factory: () => unknown
  expiry: Expiry
  lockMs: number
  /** Milliseconds a value stays servable past `timeout`; `undefined` = no stale serving. */
  staleMs: number | undefined
  context: ErrorContext
  /** Cancels this resolution's waits (never its factory). */
  signal: AbortSignal | undefined
}

interface Read {
  value: Buffer | null
  fresh: boolean
}

/** Carries an error the factory threw through the Redis failure handling, untouched. */
class FactoryFailure extends Error {
  constructor(readonly error: unknown) {
    super('the getOrSet factory failed')
  }
}

/** The getOrSet machinery of one cache. */
export class Herd {
  readonly #flights = new LocalFlights()

  constructor(private readonly cache: CacheContext) {}

  /** `getOrSet` (see the module documentation). */
  async getOrSet(key: string, valueOrFactory: unknown, timeout: Timeout, options: GetOrSetOptions): Promise<unknown> {
    const { lockTimeout, staleCacheTimeout, signal } = options
    const fullKey = this.cache.keySpace.makeKey(key, options.version)
    const expiry = resolveExpiry(timeout, this.cache.defaultTimeout)
    if (lockTimeout !== undefined) assertTimeout(lockTimeout, 'lockTimeout')
    if (staleCacheTimeout !== undefined) assertTimeout(staleCacheTimeout, 'staleCacheTimeout')
    const job: Job = {
      key,
      fullKey,
      factory: typeof valueOrFactory === 'function' ? (valueOrFactory as () => unknown) : () => valueOrFactory,
      expiry,
      lockMs: secondsToMs(lockTimeout == null || lockTimeout <= 0 ? DEFAULT_LOCK_TIMEOUT : lockTimeout),
      staleMs:
        staleCacheTimeout === undefined
          ? undefined
          : staleCacheTimeout === null
            ? STALE_FOREVER_MS
            : // Infinity (or anything beyond a century) means forever, like null: never a PX Redis refuses
              Math.min(STALE_FOREVER_MS, Math.max(0, Math.round(staleCacheTimeout * 1000))),
      context: { operation: 'getOrSet', key },
      signal,
    }
    for (;;) {
      signal?.throwIfAborted()
      const running = this.#flights.running(fullKey)
      if (running === undefined) return (await this.#flights.run(fullKey, (offer) => this.#resolve(job, offer))).value
      const outcome = await this.#flights.join(running, signal)
      if (outcome.kind === 'value' || outcome.kind === 'stale') return this.cache.codec.decode(outcome.bytes)
      // Redis is failing: report it now rather than queueing behind one more socketTimeout.
      if (outcome.kind === 'failed' && isIgnorable(outcome.error)) throw outcome.error
      // The flight's factory failed (or stored nothing): look again, maybe run our own factory.
    }
  }

  /** One resolution; under `ignoreExceptions` a Redis failure falls back to the factory, uncached. */
  async #resolve(job: Job, offerStale: OfferStale): Promise<FlightResult> {
    let computed: FlightResult | undefined
    const compute = async (): Promise<FlightResult> => {
      let value: unknown
      try {
        value = await job.factory()
      } catch (error) {
        throw new FactoryFailure(error)
      }
      computed = { value, bytes: this.cache.codec.encode(value) }
      return computed
    }
    try {
      return await this.#protocol(job, compute, offerStale)
    } catch (error) {
      if (error instanceof FactoryFailure) throw error.error
      if (!this.cache.runner.ignoresExceptions || !isIgnorable(error)) throw error
      this.cache.runner.logIgnored(error, job.context)
      if (computed) return computed
      try {
        return await compute()
      } catch (failure) {
        throw failure instanceof FactoryFailure ? failure.error : failure
      }
    }
  }

  async #protocol(job: Job, compute: () => Promise<FlightResult>, offerStale: OfferStale): Promise<FlightResult> {
    const first = await this.#read(job)
    if (first.value !== null && first.fresh) return this.#hit(first.value)
    // Local joiners take the stale value at once, whoever refreshes it.
    offerStale(first.value ?? undefined)
    if (job.expiry.kind === 'delete') {
      // Nothing is kept with a timeout <= 0: compute, and leave the key absent (as `set` would).
      const outcome = await compute()
      await this.#store(job, outcome.bytes!)
      return { value: outcome.value, bytes: undefined }
    }
    const deadline = Date.now() + job.lockMs
    for (;;) {
      const token = randomBytes(16).toString('hex')
      const lease = leaseKey(job.fullKey)
      const won = await this.cache.commands.call(
        this.cache.topology.writer(),
        'SET',
        [lease, token, 'NX', 'PX', job.lockMs],
        job.context,
      )
      if (won !== null) return this.#computeAsWinner(job, compute, lease, token)
      if (first.value !== null) return this.#hit(first.value) // stale, at once
      const waited = await this.#waitForWinner(job, lease, deadline)
      if (waited.kind === 'value') return this.#hit(waited.value)
      if (waited.kind === 'late') {
        const outcome = await compute()
        await this.#store(job, outcome.bytes!)
        return outcome
      }
      // the lease is gone without a value (the winner's factory threw): try to become the winner
    }
  }

  #hit(bytes: Buffer): FlightResult {
    return { value: this.cache.codec.decode(bytes), bytes }
  }

  async #computeAsWinner(
    job: Job,
    compute: () => Promise<FlightResult>,
    lease: string,
    token: string,
  ): Promise<FlightResult> {
    try {
      const again = await this.#read(job)
      if (again.value !== null && again.fresh) return this.#hit(again.value)
      const outcome = await compute()
      await this.#store(job, outcome.bytes!)
      return outcome
    } finally {
      await this.cache.commands
        .script(this.cache.topology.writer(), DELETE_IF_EQUAL, [lease], [token], job.context)
        .catch(() => undefined) // unreleased, the lease still expires after lockTimeout
    }
  }

  async #read(job: Job): Promise<Read> {
    const writer = this.cache.topology.writer()
    if (job.staleMs === undefined) {
      // A plain get: coalesced with the tick's other gets on the connection, as `get` is.
      const value = (await this.cache.runner.get(writer, job.fullKey, job.context)) as Buffer | null
      return { value, fresh: true }
    }
    const [get, pttl] = await this.cache.commands.batch(
      writer,
      [
        { name: 'GET', args: [job.fullKey] },
        { name: 'PTTL', args: [job.fullKey] },
      ],
      job.context,
    )
    const value = unwrap(get!) as Buffer | null
    const left = Number(unwrap(pttl!))
    return { value, fresh: left === -1 || left > job.staleMs }
  }

  async #store(job: Job, bytes: Buffer): Promise<void> {
    const writer = this.cache.topology.writer()
    const { expiry } = job
    if (expiry.kind === 'delete') {
      await this.cache.commands.call(writer, 'UNLINK', [job.fullKey], job.context)
      return
    }
    const args: (string | Buffer | number)[] = [job.fullKey, bytes]
    if (expiry.kind === 'expire') args.push('PX', expiry.ms + (job.staleMs ?? 0))
    await this.cache.commands.call(writer, 'SET', args, job.context)
  }

  async #waitForWinner(
    job: Job,
    lease: string,
    deadline: number,
  ): Promise<{ kind: 'value'; value: Buffer } | { kind: 'lease-gone' } | { kind: 'late' }> {
    const writer = this.cache.topology.writer()
    let delay = 5
    for (;;) {
      const left = deadline - Date.now()
      if (left <= 0) return { kind: 'late' }
      await sleep(Math.min(delay, left), job.signal)
      delay = Math.min(delay * 2, 100)
      const [value, exists] = await Promise.all([
        this.cache.commands.call(writer, 'GET', [job.fullKey], job.context) as Promise<Buffer | null>,
        this.cache.commands.call(writer, 'EXISTS', [lease], job.context),
      ])
      if (value !== null) return { kind: 'value', value }
      if (Number(exists) === 0) return { kind: 'lease-gone' }
    }
  }
}

/** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal))
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortReason(signal!))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
