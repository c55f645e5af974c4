/**
 * The demo as a user starts it (`apps/demo/src/main.ts`, a separate process, black box), on a dedicated Redis:
 * it listens on loopback only by default, serves reads without a token, refuses every edit without its token
 * (401) or with a wrong one (403) leaving the data untouched, accepts the printed token, and refuses requests
 * naming a foreign Host (DNS rebinding).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { RedisCache } from '@cachex-js/redis-client'
import { reportFigure } from './support/figures.js'
import { dedicatedServer, stopServer } from './support/redis.js'

const root = join(import.meta.dirname, '..', '..', '..')
const tsx = join(createRequire(join(root, 'package.json')).resolve('tsx/package.json'), '..', 'dist', 'cli.mjs')
const demoMain = join(root, 'apps', 'demo', 'src', 'main.ts')

interface Demo {
  child: ChildProcess
  base: string
  port: number
  token: string
}

/** Every demo process started here, killed in `afterAll` whatever happened (even if it never got ready). */
const started: ChildProcess[] = []

function startDemo(redisUrl: string, extraEnv: Record<string, string> = {}): Promise<Demo> {
  return new Promise((resolve, reject) => {
    // the default: no HOST in the environment at all
    const { HOST: _host, ...env } = process.env
    const child = spawn(process.execPath, [tsx, '--conditions=@cachex-js/source', demoMain], {
      cwd: join(root, 'apps', 'demo'),
      env: { ...env, REDIS_URL: redisUrl, DEMO_LOCAL_REDIS: 'off', PORT: '0', LOG_LEVEL: 'warn', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group: tsx runs the demo in a child process, which a signal to tsx alone would orphan
      detached: true,
    })
    started.push(child)
    const timer = setTimeout(() => reject(new Error('the demo did not print its URL and token within 45 s')), 45_000)
    timer.unref()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before it was ready: ${stderr}`)))
    let base: string | undefined
    createInterface({ input: child.stdout }).on('line', (line) => {
      const panels = /Panels:\s+(http:\/\/\S+?)\/?$/.exec(line)
      if (panels) base = panels[1]
      const token = /Token:\s+(\S+)/.exec(line)
      if (token && base) {
        try {
          resolve({ child, base, port: Number(new URL(base).port), token: token[1]! })
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)))
        }
      }
    })
  })
}

/** The status of one plain HTTP/1.1 request to 127.0.0.1:`port` with exactly these headers. */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<number>((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    request.once('error', reject)
    request.end(body)
  })
}

/** Local addresses of the sockets listening on `port` (Linux /proc/net/tcp and tcp6). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  const addresses: string[] = []
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/)
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) addresses.push(local.split(':')[0]!)
    }
  }
  return addresses
}

/** `0100007F` (127.0.0.1, little-endian), the IPv6 loopback, or an IPv4-mapped 127.x address. */
function isLoopback(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F')
  return hex === '00000000000000000000000001000000' || /^0000000000000000FFFF0000[0-9A-F]{6}7F$/.test(hex)
}

describe('the demo (black box, its own process)', () => {
  let server: RedisStandalone
  let demo: Demo
  let seed: RedisCache
  beforeAll(async () => {
    server = await dedicatedServer()
    seed = new RedisCache({ location: server.url, keyPrefix: 'demo' })
    await seed.set('chaos:profile', { name: 'ada' })
    demo = await startDemo(server.url)
  }, 60_000)
  afterAll(async () => {
    for (const child of started) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await seed?.close()
    await stopServer(server)
  })

  const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${demo.base}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } })

  it('listens on loopback only by default', () => {
    expect(new URL(demo.base).hostname).toBe('127.0.0.1')
    const addresses = listeningAddresses(demo.port)
    expect(addresses.length).toBeGreaterThan(0)
    expect(
      addresses.filter((hex) => !isLoopback(hex)),
      'non-loopback listeners',
    ).toEqual([])
  })

  it('listens on loopback only when HOST is set but empty (as .env files often leave it)', async () => {
    const emptyHost = await startDemo(server.url, { HOST: '' })
    try {
      const addresses = listeningAddresses(emptyHost.port)
      expect(addresses.length).toBeGreaterThan(0)
      expect(addresses.filter((hex) => !isLoopback(hex))).toEqual([])
    } finally {
      const exited = once(emptyHost.child, 'exit')
      process.kill(-emptyHost.child.pid!, 'SIGKILL')
      await exited
    }
    // the whole group is gone, the demo process tsx started included: nothing listens on its port any more
    await expect.poll(() => listeningAddresses(emptyHost.port), { timeout: 5_000 }).toEqual([])
  })

  it('refuses every edit without the token (401) or with a wrong one (403); the data stays', async () => {
    const listing = (await (await call('/api/browser/keys?pattern=*')).json()) as { keys?: { id: string }[] }
    const id = JSON.stringify(listing).match(/"id":"([^"]*chaos:profile[^"]*)"/)?.[1]
    expect(id, JSON.stringify(listing).slice(0, 300)).toBeDefined()
    const edits: [string, string, unknown][] = [
      ['PUT', '/api/browser/value', { id, value: '{"name":"mallory"}' }],
      ['PUT', '/api/browser/ttl', { id, ttl: 1 }],
      ['POST', '/api/browser/delete', { ids: [id] }],
    ]
    const statuses: Record<string, number[]> = {}
    for (const [method, path, body] of edits) {
      const none = await call(path, { method, body: JSON.stringify(body) })
      const wrong = await call(path, {
        method,
        body: JSON.stringify(body),
        headers: { 'x-demo-token': `${demo.token}x` },
      })
      const empty = await call(path, { method, body: JSON.stringify(body), headers: { 'x-demo-token': '' } })
      statuses[`${method} ${path}`] = [none.status, wrong.status, empty.status]
      expect(none.status, `${path} without a token`).toBe(401)
      expect(wrong.status, `${path} with a wrong token`).toBe(403)
      expect(empty.status, `${path} with an empty token`).toBe(401)
    }
    expect(await seed.get('chaos:profile')).toEqual({ name: 'ada' })
    expect(await seed.ttl('chaos:profile')).toBeGreaterThan(100)

    // the printed token is what unlocks them
    const ok = await call('/api/browser/value', {
      method: 'PUT',
      body: JSON.stringify({ id, value: '{"name":"grace"}' }),
      headers: { 'x-demo-token': demo.token },
    })
    expect(ok.status).toBe(200)
    expect(await seed.get('chaos:profile')).toEqual({ name: 'grace' })
    reportFigure('demo edits refused (none / wrong / empty token)', statuses)
  })

  it('refuses requests naming a foreign Host (DNS rebinding), even with the token', async () => {
    // fetch does not let a caller set Host: plain node:http does
    const read = await rawRequest(demo.port, 'GET', '/api/browser/stats', { host: 'attacker.example' })
    expect(read, 'a read through a foreign Host').toBeGreaterThanOrEqual(400)
    const edit = await rawRequest(
      demo.port,
      'POST',
      '/api/browser/delete',
      {
        host: 'attacker.example:80',
        'content-type': 'application/json',
        'x-demo-token': demo.token,
      },
      JSON.stringify({ ids: ['anything'] }),
    )
    expect(edit, 'an edit through a foreign Host').toBeGreaterThanOrEqual(400)
    expect(await rawRequest(demo.port, 'GET', '/api/browser/stats', { host: `localhost:${demo.port}` })).toBe(200)
    expect(await seed.get('chaos:profile')).toBeDefined()
  })
})
