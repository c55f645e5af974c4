/**
 * Test support: watches the process for unhandled rejections and uncaught exceptions (an unhandled
 * `'error'` event becomes one) while a test runs. Vitest fails the run on either by itself; this makes
 * the count part of each test's assertions and figures as well.
 */

/** What {@link watchProcess} saw. */
export interface ProcessHealth {
  unhandledRejections: unknown[]
  uncaughtExceptions: unknown[]
  /** Removes the listeners. */
  stop(): void
}

/** Starts counting unhandled rejections and uncaught exceptions (without changing how they are handled). */
export function watchProcess(): ProcessHealth {
  const health: ProcessHealth = {
    unhandledRejections: [],
    uncaughtExceptions: [],
    stop: () => {
      process.off('unhandledRejection', onRejection)
      process.off('uncaughtExceptionMonitor', onException)
    },
  }
  const onRejection = (reason: unknown) => health.unhandledRejections.push(reason)
  const onException = (error: unknown) => health.uncaughtExceptions.push(error)
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtExceptionMonitor', onException)
  return health
}
