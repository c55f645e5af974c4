/** Test support: waiting for a synchronous condition (counters a load loop updates). */
import { sleep } from '@cachex-js/testkit'

/** Polls `predicate` until it is true (at most `attempts` times, `pauseMs` apart); throws `what` otherwise. */
export async function until(predicate: () => boolean, what: string, attempts = 600, pauseMs = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (predicate()) return
    await sleep(pauseMs)
  }
  throw new Error(`gave up waiting for ${what}`)
}
