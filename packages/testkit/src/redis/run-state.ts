import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLEANUP_SCRIPT } from './cleanup-script'
import { processStartTime } from './process-start-time'
import { resolveRedisBinaries, type RedisBinaries } from './redis-binaries'
import { stateRoot } from './state-root'
import { sweepStaleRuns } from './sweep-stale-runs'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const GLOBAL_KEY = Symbol.for('@cachex-js/testkit/redis/run-state')

/**
 * This process's share of the harness: the private run dir, the redis-server processes it started,
 * the ports it handed out, and the safety nets that kill those processes when the process goes away
 * (exit and signal handlers, and a detached watchdog for when it is SIGKILLed).
 * One per process (per thread), created on first use by {@link RunState.acquire}.
 */
export class RunState {
  /** Ports handed out by this process (see `allocatePort`). */
  readonly ports = new Set<number>()
  private readonly children = new Set<ChildProcess>()
  private watchdog: ChildProcess | undefined
  private cleaned = false

  private constructor(
    /** This run's private directory. */
    readonly runDir: string,
    /** The binaries nodes run with. */
    readonly binaries: RedisBinaries,
  ) {}

  /** The process-wide state, created (after sweeping stale runs of dead processes) on first call. */
  static acquire(): Promise<RunState> {
    const holder = globalThis as { [GLOBAL_KEY]?: Promise<RunState> }
    holder[GLOBAL_KEY] ??= RunState.create().catch((error: unknown) => {
      delete holder[GLOBAL_KEY]
      throw error
    })
    return holder[GLOBAL_KEY]
  }

  private static async create(): Promise<RunState> {
    const binaries = resolveRedisBinaries()
    const root = stateRoot()
    mkdirSync(root, { recursive: true, mode: 0o700 })
    await sweepStaleRuns({ root }).catch((error: Error) => {
      // Best effort: a failed sweep must not keep tests from running.
      console.warn(`[@cachex-js/testkit] ${error.message}`)
    })
    const runDir = mkdtempSync(join(root, `run-${process.pid}-`))
    const exe = realpathSync(binaries.server)
    const ownerStart = processStartTime(process.pid)
    writeFileSync(join(runDir, 'owner.json'), JSON.stringify({ pid: process.pid, start: ownerStart, exe }))
    const state = new RunState(runDir, binaries)
    state.installHandlers()
    state.startWatchdog(exe, ownerStart)
    return state
  }

  /** Creates (empty) and returns a directory for one node inside the run dir. */
  nodeDir(name: string): string {
    const dir = join(this.runDir, name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    return dir
  }

  /** Records a started redis-server so that the safety nets kill it; forgotten when it exits. */
  track(child: ChildProcess): void {
    this.children.add(child)
    child.once('exit', () => this.children.delete(child))
  }

  /** Pid of the detached watchdog process, if it runs. */
  get watchdogPid(): number | undefined {
    return this.watchdog?.pid
  }

  /**
   * Synchronously SIGKILLs every redis-server this process started and still runs, stops the watchdog
   * and removes the run dir. Runs on `exit`, SIGINT, SIGTERM and SIGHUP; safe to call more than once.
   */
  killAllSync(): void {
    if (this.cleaned) return
    this.cleaned = true
    for (const child of this.children) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
    }
    rmSync(this.runDir, { recursive: true, force: true })
    if (this.watchdog?.pid !== undefined) {
      try {
        process.kill(this.watchdog.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    const holder = globalThis as { [GLOBAL_KEY]?: Promise<RunState> }
    delete holder[GLOBAL_KEY]
  }

  private installHandlers(): void {
    process.once('exit', () => this.killAllSync())
    const onSignal = (signal: NodeJS.Signals) => {
      this.killAllSync()
      for (const s of SIGNALS) process.off(s, onSignal)
      // If nobody else handles the signal, re-raise it so the default action (termination) happens.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    }
    for (const signal of SIGNALS) process.on(signal, onSignal)
  }

  private startWatchdog(exe: string, ownerStart: string | null): void {
    const env = { ...process.env }
    delete env.NODE_OPTIONS
    env.CACHEX_REDIS_CLEANUP = JSON.stringify({
      mode: 'watch',
      runDir: this.runDir,
      ownerPid: process.pid,
      ownerStart,
      exe,
      intervalMs: 200,
    })
    const watchdog = spawn(process.execPath, ['-e', CLEANUP_SCRIPT], { detached: true, stdio: 'ignore', env })
    watchdog.on('error', () => {
      // The watchdog is a safety net; the exit and signal handlers still work without it.
    })
    watchdog.unref()
    this.watchdog = watchdog
  }
}
