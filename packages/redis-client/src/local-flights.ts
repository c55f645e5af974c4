/**
 * Process-local single flight for `getOrSet`: one resolution per key at a time in this process; the
 * other callers join it. A joiner gets the flight's value, or, as soon as the flight has found a stale
 * value it is about to refresh, that stale value; when the flight fails, the joiner tries again itself.
 */

/** What a flight produced: the owner's value, and the bytes joiners decode their own copy from. */
export interface FlightResult {
  value: unknown
  /** `undefined` when nothing can be shared (nothing stored, or the value is not encodable). */
  bytes: Buffer | undefined
}

/** How joining a flight ended. */
export type JoinOutcome =
  | { kind: 'value'; bytes: Buffer }
  | { kind: 'stale'; bytes: Buffer }
  | { kind: 'failed'; error: unknown }
  | { kind: 'empty' }

/** Lets a running flight hand its stale value to joiners (or say there is none). */
export type OfferStale = (bytes: Buffer | undefined) => void

interface Flight {
  done: Promise<FlightResult>
  stale: Promise<Buffer | undefined>
}

/** The flights of one cache, by stored key. */
export class LocalFlights {
  readonly #flights = new Map<string, Flight>()

  /** The flight running for `key`, if any. */
  running(key: string): Flight | undefined {
    return this.#flights.get(key)
  }

  /** Runs `resolve` as the flight of `key`; the key is free again once it settles. */
  async run(key: string, resolve: (offerStale: OfferStale) => Promise<FlightResult>): Promise<FlightResult> {
    let offer!: OfferStale
    const stale = new Promise<Buffer | undefined>((settle) => (offer = settle))
    const done = resolve(offer)
    const flight: Flight = { done, stale }
    this.#flights.set(key, flight)
    try {
      return await done
    } finally {
      offer(undefined)
      if (this.#flights.get(key) === flight) this.#flights.delete(key)
    }
  }

  /** Waits for `flight`'s stale value or outcome; rejects with the signal's reason if it aborts first. */
  join(flight: Flight, signal: AbortSignal | undefined): Promise<JoinOutcome> {
    const viaDone = flight.done.then(
      (result): JoinOutcome =>
        result.bytes === undefined ? { kind: 'empty' } : { kind: 'value', bytes: result.bytes },
      (error: unknown): JoinOutcome => ({ kind: 'failed', error }),
    )
    const viaStale = flight.stale.then((bytes) => (bytes === undefined ? viaDone : { kind: 'stale' as const, bytes }))
    const outcome = Promise.race([viaDone, viaStale])
    if (signal === undefined) return outcome
    return new Promise<JoinOutcome>((resolve, reject) => {
      const onAbort = (): void => reject(abortReason(signal))
      if (signal.aborted) return onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      void outcome.then((value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      })
    })
  }
}

/** The reason an aborted signal carries, as an Error. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError')
}
