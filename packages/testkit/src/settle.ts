/** Hang detection for failure tests: how a promise settled, or that it did not within a bound (never a speed test). */

/** What a promise settled with (and after how many ms), or `'hung'` if it did not settle within the bound. */
export type Settled =
  | { status: 'fulfilled'; value: unknown; ms: number }
  | { status: 'rejected'; reason: unknown; ms: number }
  | { status: 'hung'; ms: number }

/** Waits for `promise` at most `boundMs`; a late rejection stays handled (no unhandled rejection). */
export async function settleWithin(promise: Promise<unknown>, boundMs: number): Promise<Settled> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'hung', ms: elapsed() }), boundMs)
  })
  const settled = promise.then(
    (value): Settled => ({ status: 'fulfilled', value, ms: elapsed() }),
    (reason: unknown): Settled => ({ status: 'rejected', reason, ms: elapsed() }),
  )
  try {
    return await Promise.race([settled, hung])
  } finally {
    clearTimeout(timer)
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Retries `fn` until it resolves, at most `attempts` times, `pauseMs` apart; rethrows the last failure. */
export async function eventually<T>(fn: () => Promise<T>, attempts = 100, pauseMs = 100): Promise<T> {
  let last: unknown
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn()
    } catch (error) {
      last = error
      await sleep(pauseMs)
    }
  }
  throw last
}
