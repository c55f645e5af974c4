import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { allocatePort } from './allocate-port'
import { parseInfo } from './parse-info'
import { redisCommand } from './redis-command'
import { RunState } from './run-state'
import { waitFor } from './wait-for'

/** What a node is for. A failover or `CLUSTER FAILOVER` changes a node's actual role, not this label. */
export type RedisNodeRole = 'primary' | 'replica' | 'sentinel'

/** Options of {@link RedisNode.start}. */
export interface RedisNodeOptions {
  role: RedisNodeRole
  /** Directory name prefix inside the run dir, e.g. `cluster`; the port is appended. */
  label: string
  /** Config lines besides the harness's base config, given the node's port, e.g. `replicaof 127.0.0.1 20001`. */
  config?: (port: number) => string[]
  /** Start in Sentinel mode (`redis-server <conf> --sentinel`). */
  sentinel?: boolean
  /** Also require `port + 10000` to be free (cluster bus). */
  withBusPort?: boolean
  /** How long to wait for the server to answer. Default 15000 ms. */
  startTimeoutMs?: number
}

const HOST = '127.0.0.1'
const PORT_IN_USE = /already in use|Could not create server TCP listening socket|Failed listening on port/i

/**
 * One `redis-server` process started by the harness: its address, pid, files, and control for chaos
 * tests (`kill`, `restart`). It listens on 127.0.0.1 only, without persistence, from a private dir.
 */
export class RedisNode {
  /** Always `127.0.0.1`. */
  readonly host = HOST
  private child: ChildProcess | undefined
  private exitPromise: Promise<void> = Promise.resolve()

  private constructor(
    private readonly state: RunState,
    readonly port: number,
    private currentRole: RedisNodeRole,
    /** The node's private working dir (config, log, data). */
    readonly dir: string,
    private readonly sentinel: boolean,
    private readonly startTimeoutMs: number,
  ) {}

  /** Starts a node on a free port and resolves once it answers; retries on another port if the port was taken. */
  static async start(options: RedisNodeOptions): Promise<RedisNode> {
    const state = await RunState.acquire()
    for (let attempt = 1; ; attempt++) {
      const port = await allocatePort({ taken: state.ports, withBusPort: options.withBusPort })
      const dir = state.nodeDir(`${options.label}-${port}`)
      writeFileSync(join(dir, 'redis.conf'), renderConfig(port, dir, options.config?.(port) ?? []))
      const node = new RedisNode(
        state,
        port,
        options.role,
        dir,
        options.sentinel ?? false,
        options.startTimeoutMs ?? 15_000,
      )
      try {
        await node.launch()
        return node
      } catch (error) {
        await node.stop()
        // The error carries the log tail: a port grabbed by someone else since allocatePort probed it.
        if (attempt < 5 && PORT_IN_USE.test(String(error))) continue
        throw error
      }
    }
  }

  /** What the node was started as (see {@link RedisNodeRole}). */
  get role(): RedisNodeRole {
    return this.currentRole
  }

  /** @internal Records the role a topology gave the node after start (cluster replicas). */
  assignRole(role: RedisNodeRole): void {
    this.currentRole = role
  }

  /** `redis://127.0.0.1:<port>` */
  get url(): string {
    return `redis://${this.host}:${this.port}`
  }

  /** Pid of the current (or last) process. */
  get pid(): number {
    return this.child?.pid ?? -1
  }

  /** True while the process has not exited (a SIGSTOPped node is still running). */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
  }

  /** The config file the node runs with. */
  get configFile(): string {
    return join(this.dir, 'redis.conf')
  }

  /** The node's log file. */
  get logFile(): string {
    return join(this.dir, 'redis.log')
  }

  /** `{ host, port }`, e.g. for `redisCommand(node.address, ['PING'])`. */
  get address(): { host: string; port: number } {
    return { host: this.host, port: this.port }
  }

  /** Sends a signal to the process: `SIGKILL` (crash), `SIGSTOP` (freeze), `SIGCONT` (thaw), `SIGTERM`... */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.running) throw new Error(`redis node ${this.host}:${this.port} is not running`)
    process.kill(this.pid, signal)
  }

  /** Resolves when the current process has exited. */
  exited(): Promise<void> {
    return this.exitPromise
  }

  /**
   * Starts the node again on the same port with the same config and dir (a cluster node keeps its
   * identity through `nodes.conf`). A running process is SIGKILLed first. Resolves once it answers.
   */
  async restart(): Promise<void> {
    await this.stop({ keepDir: true })
    await this.launch()
  }

  /** SIGKILLs the process (nothing is persisted, so nothing is lost) and waits for it to exit; removes the dir unless `keepDir`. */
  async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    if (this.running) {
      try {
        process.kill(this.pid, 'SIGKILL')
      } catch {
        // raced with its exit
      }
    }
    await withTimeout(this.exitPromise, 10_000, `redis node ${this.port} (pid ${this.pid}) to exit after SIGKILL`)
    if (!options.keepDir) rmSync(this.dir, { recursive: true, force: true })
  }

  /** The last lines of the node's log (and stderr), for error messages. */
  logTail(lines = 25): string {
    const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '')
    const text = `${read(join(this.dir, 'stderr.log'))}${read(this.logFile)}`
    return text.trimEnd().split('\n').slice(-lines).join('\n')
  }

  /** Describes the node for error messages. */
  toString(): string {
    return `${this.role} ${this.host}:${this.port} (pid ${this.pid})`
  }

  private async launch(): Promise<void> {
    const { binaries } = this.state
    const args = this.sentinel ? [this.configFile, '--sentinel'] : [this.configFile]
    const out = openSync(join(this.dir, 'stderr.log'), 'a')
    let child: ChildProcess
    try {
      child = spawn(binaries.server, args, { cwd: this.dir, stdio: ['ignore', out, out], detached: false })
    } finally {
      closeSync(out)
    }
    this.child = child
    let spawnError: Error | undefined
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', () => resolve())
      child.once('error', (error) => {
        spawnError = error
        resolve()
      })
    })
    this.state.track(child)
    child.unref()
    const started = Date.now()
    try {
      await waitFor(
        async () => {
          if (spawnError) throw new StartError(`cannot run ${binaries.server}: ${spawnError.message}`)
          if (!this.running) throw new StartError(`redis-server exited (${describeExit(child)})`)
          // Identify the server by pid: a foreign process on the same port must not pass for ours.
          const info = parseInfo((await redisCommand(this.address, ['INFO', 'server'], { timeoutMs: 1000 })) as string)
          if (info.process_id !== String(this.pid))
            throw new Error(`port ${this.port} answered with pid ${info.process_id}`)
          return true
        },
        {
          timeoutMs: this.startTimeoutMs,
          intervalMs: 20,
          what: `${this.toString()} to answer`,
          fatal: (error) => error instanceof StartError,
        },
      )
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new Error(
        `failed to start ${this.toString()} after ${Date.now() - started} ms: ${reason}\n` +
          `--- ${this.logFile} (tail) ---\n${this.logTail()}`,
      )
    }
  }
}

class StartError extends Error {}

function describeExit(child: ChildProcess): string {
  return child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`
}

function renderConfig(port: number, dir: string, extra: string[]): string {
  return [
    '# written by @cachex-js/testkit (redis harness)',
    `port ${port}`,
    `bind ${HOST}`,
    'protected-mode no',
    'daemonize no',
    `dir ${quote(dir)}`,
    `logfile ${quote(join(dir, 'redis.log'))}`,
    // The config path in the process title lets the cleanup tell our processes from everyone else's.
    'proc-title-template "{title} {listen-addr} {server-mode} {config-file}"',
    'save ""',
    'appendonly no',
    'repl-diskless-sync-delay 0',
    'enable-debug-command local',
    ...extra,
    '',
  ].join('\n')
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

async function withTimeout(promise: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
