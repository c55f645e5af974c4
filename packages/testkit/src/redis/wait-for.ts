/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long. */
  timeoutMs: number
  /** Pause between attempts. Default 50 ms. */
  intervalMs?: number
  /** What is awaited, for the timeout message, e.g. `"replica 127.0.0.1:20001 in sync"`. */
  what: string
  /** Errors for which waiting is pointless (e.g. the process died): rethrown at once instead of retried. */
  fatal?: (error: unknown) => boolean
}

/**
 * Polls `probe` until it returns something other than `undefined`/`false`, and resolves with that value.
 * A probe that throws counts as "not yet", and the message of its last throw ends up in the timeout
 * error: a probe should throw a descriptive error for the condition it still misses.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs
  const intervalMs = options.intervalMs ?? 50
  let lastError: unknown
  for (;;) {
    try {
      const result = await probe()
      if (result !== undefined && result !== false) return result
      lastError = undefined
    } catch (error) {
      if (options.fatal?.(error)) throw error
      lastError = error
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : ''
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${reason}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
