/**
 * Harness lifecycle: start/stop leaves nothing, per-node chaos control, clear start errors, and the
 * stale-run sweep kills only redis-servers of dead runs.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  parseTopologyNames,
  redisCommand,
  redisGlobalSetup,
  type GlobalSetupProject,
  resolveRedisBinaries,
  startStandalone,
  sweepStaleRuns,
} from '@cachex-js/testkit/redis'
import { allocatePort } from '../src/redis/allocate-port'
import { processStartTime } from '../src/redis/process-start-time'

describe('standalone lifecycle', () => {
  it('start answers; stop leaves no process, a free port and no dir', async () => {
    const redis = await startStandalone()
    const { pid, port, dir } = redis.primary
    expect(port).not.toBe(6379)
    expect(isAlive(pid)).toBe(true)
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain(dir)
    expect(await redisCommand(redis, ['PING'])).toBe('PONG')
    await redis.stop()
    expect(isAlive(pid)).toBe(false)
    expect(await portIsFree(port)).toBe(true)
    expect(existsSync(dir)).toBe(false)
    await redis.stop() // idempotent
  })

  it('kill/restart and SIGSTOP/SIGCONT control a node', async () => {
    const redis = await startStandalone()
    try {
      const node = redis.primary
      const firstPid = node.pid
      redis.kill(node, 'SIGKILL')
      await node.exited()
      expect(node.running).toBe(false)
      await expect(redisCommand(node, ['PING'], { timeoutMs: 500 })).rejects.toThrow()
      await redis.restart(node)
      expect(node.pid).not.toBe(firstPid)
      expect(node.port).toBe(redis.port)
      expect(await redisCommand(node, ['PING'])).toBe('PONG')

      node.kill('SIGSTOP')
      await expect(redisCommand(node, ['PING'], { timeoutMs: 300 })).rejects.toThrow(/no reply|timed out/)
      node.kill('SIGCONT')
      expect(await redisCommand(node, ['PING'])).toBe('PONG')
    } finally {
      await redis.stop()
    }
  })

  it('a node that cannot start fails fast with the tail of its log', async () => {
    const started = Date.now()
    await expect(startStandalone({ config: ['no-such-directive yes'] })).rejects.toThrow(
      /redis-server exited[\s\S]*no-such-directive/,
    )
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('CACHEX_TEST_TOPOLOGIES parsing', () => {
    expect(parseTopologyNames(undefined)).toEqual(['standalone', 'replication', 'sentinel', 'cluster'])
    expect(parseTopologyNames('cluster, standalone')).toEqual(['standalone', 'cluster'])
    expect(parseTopologyNames('replicas')).toEqual(['replication'])
    expect(parseTopologyNames('none')).toEqual([])
    expect(() => parseTopologyNames('standalone,bogus')).toThrow(/unknown Redis topology "bogus"/)
  })
})

describe('redisGlobalSetup', () => {
  it('runs for the root project, skips projects that inherited it, and shares one start per process', async () => {
    const files = ['/repo/vitest.global-setup.ts']
    const provided: Array<[string, unknown]> = []
    const root: GlobalSetupProject = {
      provide: (key, value) => provided.push([`root:${key}`, value]),
      isRootProject: () => true,
      config: { globalSetup: files },
    }
    const child = (globalSetup: string[]): GlobalSetupProject => ({
      provide: (key, value) => provided.push([`child:${key}`, value]),
      isRootProject: () => false,
      config: { globalSetup },
      vitest: { getRootProject: () => root },
    })
    const setup = redisGlobalSetup({ topologies: ['standalone'], log: false })
    expect(await setup(child([...files]))).toBeUndefined() // inherited through `extends: true`
    const rootTeardown = await setup(root)
    const ownTeardown = await setup(child(['/repo/packages/x/own-setup.ts'])) // its own global setup
    expect(provided.map(([key]) => key)).toEqual(['root:cachexRedis', 'child:cachexRedis'])
    const [rootInfo, ownInfo] = provided.map(
      ([, info]) => info as { standalone: { port: number; nodes: [{ pid: number }] } },
    )
    expect(ownInfo!.standalone.port).toBe(rootInfo!.standalone.port) // one server for both
    const pid = rootInfo!.standalone.nodes[0].pid
    await rootTeardown!()
    expect(isAlive(pid)).toBe(true) // still used by the other caller
    await ownTeardown!()
    expect(isAlive(pid)).toBe(false)
  })
})

describe('stale-run sweep', () => {
  const root = mkdtempSync(join(tmpdir(), 'cachex-sweep-test-'))
  const started: number[] = []
  afterAll(() => {
    for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
    rmSync(root, { recursive: true, force: true })
  })

  it('kills the redis-servers of a dead run, and nothing else', async () => {
    const exe = realpathSync(resolveRedisBinaries().server)
    const deadPid = await exitedProcessPid()
    const dead = makeRun(join(root, `run-${deadPid}-dead`), { pid: deadPid, start: 'gone', exe })
    const live = makeRun(join(root, `run-${process.pid}-live`), {
      pid: process.pid,
      start: processStartTime(process.pid),
      exe,
    })
    const outsider = join(root, 'not-a-run') // a redis-server that no run started
    mkdirSync(outsider)
    const victim = await runRedis(dead)
    const survivor = await runRedis(live)
    const bystander = await runRedis(outsider)

    expect(await sweepStaleRuns({ root })).toEqual({ runs: 1, killed: 1 })
    await waitUntil(() => !isAlive(victim))
    expect(existsSync(dead)).toBe(false)
    expect(isAlive(survivor)).toBe(true)
    expect(existsSync(live)).toBe(true)
    expect(isAlive(bystander)).toBe(true)
  })

  function makeRun(dir: string, owner: object): string {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'owner.json'), JSON.stringify(owner))
    return dir
  }

  async function runRedis(dir: string): Promise<number> {
    const port = await allocatePort()
    const conf = join(dir, `node-${port}.conf`)
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        'save ""',
        'appendonly no',
        `dir ${dir}`,
        'proc-title-template "{title} {listen-addr} {server-mode} {config-file}"',
      ].join('\n'),
    )
    const child = spawn(resolveRedisBinaries().server, [conf], { stdio: 'ignore' })
    child.unref()
    started.push(child.pid!)
    await waitUntil(() => readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes('127.0.0.1:'))
    return child.pid!
  }
})

/** Alive = exists and is not a zombie (an orphan reparented to a non-reaping pid 1 stays a zombie). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

function exitedProcessPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    child.once('exit', () => resolve(child.pid!))
  })
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!safe(condition)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function safe(condition: () => boolean): boolean {
  try {
    return condition()
  } catch {
    return false
  }
}
