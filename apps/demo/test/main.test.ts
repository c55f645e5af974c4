// `pnpm demo` as a user runs it: the real entry point in a child process (tsx, sources through the
// @cachex-js/source condition), on a free port.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const children: ChildProcess[] = []

afterEach(() => {
  // the whole process group: tsx runs the demo in a child process that killing tsx alone would orphan
  for (const child of children.splice(0)) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL')
})

/** Starts the demo and resolves its banner once it printed the browser URL (or rejects with its output). */
async function startDemo(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string; base: string }> {
  const { REDIS_URL: _ignored, ...inherited } = process.env
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=@cachex-js/source', 'src/main.ts'], {
    cwd: root,
    env: { ...inherited, PORT: '0', DEMO_TOKEN: 'smoke-token', DEMO_LOCAL_REDIS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  children.push(child)
  let output = ''
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Browser: (http:\/\/\S+)\/browser#token=smoke-token/.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before printing its URL:\n${output}`)))
  })
  return { child, output: () => output, base }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('pnpm demo', () => {
  it('without REDIS_URL starts a private redis-server, says so, prints the URL and token, and cleans up', async () => {
    const demo = await startDemo({})
    expect(demo.output()).toMatch(
      /Redis: {3}a private redis-server started for this demo at redis:\/\/127\.0\.0\.1:\d+/,
    )
    expect(demo.output()).not.toContain(':6379')
    expect(demo.output()).toContain('Token:   smoke-token')
    expect(demo.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const pid = Number(/\(pid (\d+);/.exec(demo.output())![1])
    expect(alive(pid)).toBe(true)

    expect(await (await fetch(`${demo.base}/health`)).json()).toEqual({ ok: true, mode: 'redis' })
    const fired = (await (await fetch(`${demo.base}/api/herd/fire`, { method: 'POST' })).json()) as {
      factoryRuns: number
    }
    expect(fired.factoryRuns).toBe(1)

    demo.child.kill('SIGTERM')
    const [code] = (await once(demo.child, 'exit')) as [number | null]
    expect(code).toBe(0)
    expect(alive(pid)).toBe(false) // its redis-server is gone with it
  })

  it('without a redis-server binary prints how to install one and runs on MemoryCache', async () => {
    const demo = await startDemo({ CACHEX_REDIS_SERVER: '/nonexistent/redis-server' })
    expect(demo.output()).toContain('redis-server not found')
    expect(demo.output()).toContain('sudo apt-get install redis-server')
    expect(await (await fetch(`${demo.base}/health`)).json()).toEqual({ ok: true, mode: 'memory' })
    demo.child.kill('SIGTERM')
    const [code] = (await once(demo.child, 'exit')) as [number | null]
    expect(code).toBe(0)
  })
})
