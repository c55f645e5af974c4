/** How waiting on another caller's flight ended. */
export type FlightOutcome<T> = { kind: 'value'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'timeout' }

/**
 * In-process single flight: at most one run per key at a time; other callers wait for its outcome,
 * for at most a timeout, cancellable by an `AbortSignal`.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>()

  /** The run in progress for `key`, if any. */
  running(key: string): Promise<T> | undefined {
    return this.flights.get(key)
  }

  /** Runs `fn` as the flight of `key`; the key is free again once it settles (value or error). */
  async run(key: string, fn: () => Promise<T>): Promise<T> {
    const flight = fn()
    this.flights.set(key, flight)
    try {
      return await flight
    } finally {
      if (this.flights.get(key) === flight) this.flights.delete(key)
    }
  }

  /**
   * Waits for `flight`: its value, its failure (never thrown here), or `timeout` after `timeoutMs`.
   * Rejects with the signal's reason when `signal` aborts first.
   */
  wait(flight: Promise<T>, timeoutMs?: number, signal?: AbortSignal): Promise<FlightOutcome<T>> {
    return new Promise<FlightOutcome<T>>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const onAbort = () => finish(() => reject(abortReason(signal!)))
      const finish = (settle: () => void) => {
        if (timer !== undefined) clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        settle()
      }
      if (signal?.aborted) return reject(abortReason(signal))
      signal?.addEventListener('abort', onAbort, { once: true })
      if (timeoutMs !== undefined) timer = setTimeout(() => finish(() => resolve({ kind: 'timeout' })), timeoutMs)
      flight.then(
        (value) => finish(() => resolve({ kind: 'value', value })),
        (error: unknown) => finish(() => resolve({ kind: 'failed', error })),
      )
    })
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError')
}
