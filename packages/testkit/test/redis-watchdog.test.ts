/**
 * Nothing outlives the process that started it: the exit and signal handlers kill the redis-servers,
 * and when the process is SIGKILLed (no handler runs) the detached watchdog does.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const testkitRoot = resolve(import.meta.dirname, '..')
const repoRoot = resolve(testkitRoot, '../..')
const redisEntry = pathToFileURL(join(testkitRoot, 'src/redis.ts')).href
const runStateModule = pathToFileURL(join(testkitRoot, 'src/redis/run-state.ts')).href

interface Started {
  ownerPid: number
  redisPid: number
  watchdogPid: number
  runDir: string
}

/** A node process (TypeScript via tsx) that starts a standalone through the harness, then `then`s. */
function startOwner(then: 'wait' | 'exit'): Promise<{ child: ChildProcess; started: Started }> {
  const script = `
    import { startStandalone } from ${JSON.stringify(redisEntry)}
    import { RunState } from ${JSON.stringify(runStateModule)}
    const redis = await startStandalone()
    const state = await RunState.acquire()
    console.log(JSON.stringify({
      ownerPid: process.pid, redisPid: redis.primary.pid, watchdogPid: state.watchdogPid, runDir: state.runDir,
    }))
    if (${JSON.stringify(then)} === 'exit') setTimeout(() => process.exit(0), 50)
    else setInterval(() => {}, 1000)
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('owner process did not report within 15 s')), 15_000)
    child.once('exit', (code) => reject(new Error(`owner process exited early (${code})`)))
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer)
      resolve({ child, started: JSON.parse(line) as Started })
    })
  })
}

describe('no redis-server outlives its owner', () => {
  it('SIGKILLed owner: the watchdog kills its redis-servers and removes the run dir', async () => {
    const { child, started } = await startOwner('wait')
    expect(isAlive(started.redisPid)).toBe(true)
    expect(isAlive(started.watchdogPid)).toBe(true)
    const killedAt = Date.now()
    child.kill('SIGKILL')
    await waitUntil(() => !isAlive(started.redisPid), 3000)
    const reactionMs = Date.now() - killedAt
    console.log(`[watchdog test] redis-server gone ${reactionMs} ms after SIGKILL of its owner`)
    await waitUntil(() => !existsSync(started.runDir) && !isAlive(started.watchdogPid), 3000)
    expect(reactionMs).toBeLessThan(3000)
  })

  it.each(['SIGTERM', 'SIGINT'] as const)('%s to the owner: its handler kills the redis-servers', async (signal) => {
    const { child, started } = await startOwner('wait')
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)))
    child.kill(signal)
    expect(await exited).toBe(signal) // the handler re-raises, so the default action still ends the process
    expect(isAlive(started.redisPid)).toBe(false)
    expect(existsSync(started.runDir)).toBe(false)
    await waitUntil(() => !isAlive(started.watchdogPid), 3000)
  })

  it('owner exits without stopping: the exit handler kills the redis-servers', async () => {
    const { child, started } = await startOwner('exit')
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
    expect(code).toBe(0)
    expect(isAlive(started.redisPid)).toBe(false)
    expect(existsSync(started.runDir)).toBe(false)
    expect(existsSync(dirname(started.runDir))).toBe(true)
    await waitUntil(() => !isAlive(started.watchdogPid), 3000)
  })
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

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
