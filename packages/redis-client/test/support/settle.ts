/** Test support: bounding how long a promise may take to settle (a hang detector, not a speed test). */

/** What a promise settled with, or `'hung'` if it did not settle within `boundMs`. */
export type Settled =
  { status: 'fulfilled'; value: unknown } | { status: 'rejected'; reason: unknown } | { status: 'hung' }

/** Waits for `promise` at most `boundMs`. */
export async function settleWithin(promise: Promise<unknown>, boundMs: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'hung' }), boundMs)
  })
  const settled = promise.then(
    (value): Settled => ({ status: 'fulfilled', value }),
    (reason: unknown): Settled => ({ status: 'rejected', reason }),
  )
  try {
    return await Promise.race([settled, hung])
  } finally {
    clearTimeout(timer)
  }
}

/** Retries `fn` until it resolves (at most `attempts` times, `pauseMs` apart). */
export async function eventually<T>(fn: () => Promise<T>, attempts = 50, pauseMs = 100): Promise<T> {
  let last: unknown
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn()
    } catch (error) {
      last = error
      await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  }
  throw last
}
