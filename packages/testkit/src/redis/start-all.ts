/** Runs `starts` in parallel; if any fails, stops the ones that succeeded and rethrows the first failure. */
export async function startAll<T>(starts: Array<() => Promise<T>>, stop: (started: T) => Promise<void>): Promise<T[]> {
  const results: PromiseSettledResult<T>[] = await Promise.allSettled(starts.map((start) => start()))
  const started: T[] = []
  let failure: { reason: unknown } | undefined
  for (const result of results) {
    if (result.status === 'fulfilled') started.push(result.value)
    else failure ??= { reason: result.reason }
  }
  if (!failure) return started
  await Promise.allSettled(started.map((value) => stop(value)))
  throw failure.reason
}
