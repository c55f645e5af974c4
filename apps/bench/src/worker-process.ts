/** Starting a bench worker (`worker.ts` under tsx, with the workspace source condition) and talking to it. */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { WorkerCommand, WorkerJob, WorkerMessage } from './worker-protocol.js'

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))
const TSX = import.meta.resolve('tsx')

/** A running worker: its messages in order, and a way to send it commands. */
export class WorkerProcess {
  readonly #child: ChildProcess
  readonly #queue: WorkerMessage[] = []
  #waiting: ((message: WorkerMessage) => void) | undefined
  #exit: Promise<number | null>

  /**
   * Starts a worker for `job`. It loads the cachex packages' built `dist/` (what users run) unless
   * `source` is set (their TypeScript sources, no build needed, as the tests do); `nodeOptions` are
   * extra Node flags (e.g. `--cpu-prof`).
   */
  constructor(job: WorkerJob, options: { source?: boolean; nodeOptions?: string[] } = {}) {
    const conditions = options.source ? ['--conditions=@cachex-js/source'] : []
    this.#child = fork(WORKER, [], {
      execArgv: ['--import', TSX, ...conditions, ...(options.nodeOptions ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    this.#exit = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)))
    this.#child.on('message', (message: WorkerMessage) => {
      const waiting = this.#waiting
      this.#waiting = undefined
      if (waiting) waiting(message)
      else this.#queue.push(message)
    })
    void this.#exit.then((code) => {
      const waiting = this.#waiting
      this.#waiting = undefined
      waiting?.({ kind: 'failed', message: `worker exited with code ${code} before reporting` })
    })
    this.#child.send(job)
  }

  /** The next message (a `failed` one if the worker dies first). */
  next(): Promise<WorkerMessage> {
    const queued = this.#queue.shift()
    if (queued !== undefined) return Promise.resolve(queued)
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
      return Promise.resolve({ kind: 'failed', message: 'worker exited before reporting' })
    }
    return new Promise((resolve) => (this.#waiting = resolve))
  }

  /** Sends a command (ignored once the worker is gone). */
  command(command: WorkerCommand): void {
    if (this.#child.connected) this.#child.send(command)
  }

  /** Waits for the process to exit (kills it after `timeoutMs`). */
  async exit(timeoutMs = 10_000): Promise<void> {
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs)
    await this.#exit
    clearTimeout(timer)
  }
}
