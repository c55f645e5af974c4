// End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; no browser
// download): the herd button, then the cache browser — search a pattern, edit a value, delete a key — and a
// screenshot of the browser page with real keys, saved as a test artifact.
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startStandalone, type RedisStandalone } from '@cachex-js/testkit/redis'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { createDemoContext, type DemoContext } from '../src/demo-context.js'
import { TOKEN } from './support/demo.js'

const CHROMIUM = process.env.CACHEX_CHROMIUM ?? '/usr/bin/chromium'
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts')

let server: RedisStandalone
let ctx: DemoContext
let app: FastifyInstance
let browser: Browser
let page: Page
let base: string

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium (scripts/bootstrap.sh does) or set CACHEX_CHROMIUM`,
    )
  }
  server = await startStandalone()
  ctx = await createDemoContext({ redisUrl: server.url, token: TOKEN })
  app = buildApp(ctx)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`

  const cache = ctx.redis!
  await cache.set('user:1', { name: 'Ada', email: 'ada@example.com', roles: ['admin'] }, 3600)
  await cache.set('user:2', { name: 'Alan', email: 'alan@example.com', roles: [] }, 3600)
  await cache.set('session:7f3a', { user: 1, createdAt: new Date('2024-05-01T10:00:00Z') }, 1800)
  await cache.set('feature:flags', { newCheckout: true, darkMode: false }, null)
  await cache.set('visits', 1234, null)
  await cache.hmset('profile:ada', { city: 'London', visits: 12, languages: ['en', 'fr'] })
  await cache.zadd('leaderboard', { ada: 320, alan: 275, grace: 410 })
  await cache.rpush('jobs:pending', { id: 3, task: 'send mail' }, { id: 4, task: 'resize image' })
  await cache.sadd('tags', 'redis', 'cache', 'node')
  await cache.get('user:1')
  await cache.get('user:404') // a miss, for the stats

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.setDefaultTimeout(15_000)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await ctx?.close()
  await server?.stop()
})

describe('the demo in Chromium', () => {
  it('the herd button fires 200 requests and shows the factory ran once', async () => {
    await page.goto(`${base}/`)
    await expect.poll(() => page.getByTestId('where').textContent()).toContain(server.url)
    await page.getByTestId('herd-fire').click()
    const result = page.getByTestId('herd-result')
    await result.filter({ hasText: 'factory ran' }).waitFor()
    expect(await result.textContent()).toMatch(
      /^200 of 200 requests over 4 app servers: factory ran 1 time, 1 distinct value, \d+ ms$/,
    )
    await page.getByTestId('codecs-run').click()
    await expect.poll(() => page.locator('#codecs-table tr').count()).toBe(11)
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, 'demo-panels.png'), fullPage: true })
  })

  it('the cache browser searches a pattern, edits a value and deletes a key', async () => {
    await page.goto(`${base}/browser#token=${TOKEN}`)
    expect(await page.getByTestId('token').inputValue()).toBe(TOKEN)
    expect(page.url()).not.toContain(TOKEN) // the fragment is dropped once stored

    await page.getByTestId('pattern').fill('user:*')
    await page.getByTestId('search').click()
    const links = page.getByTestId('key-link')
    await expect.poll(() => links.allTextContents()).toEqual(['user:1', 'user:2'])

    // Edit user:1
    await links.filter({ hasText: 'user:1' }).click()
    await expect.poll(() => page.getByTestId('detail-value').textContent()).toContain("name: 'Ada'")
    expect(await page.getByTestId('detail-meta').textContent()).toContain('demo:1:user:1 · version 1 · string')
    await page
      .getByTestId('edit-value')
      .fill('{"name": "Ada Lovelace", "email": "ada@example.com", "roles": ["admin"]}')
    await page.getByTestId('save-value').click()
    await expect.poll(() => page.getByTestId('message').textContent()).toBe('saved user:1')
    await expect.poll(() => page.getByTestId('detail-value').textContent()).toContain("name: 'Ada Lovelace'")
    expect(await ctx.cache.get('user:1')).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', roles: ['admin'] })
    expect(await ctx.cache.ttl('user:1')).toBeGreaterThan(3000) // the edit kept the TTL

    // Delete user:2
    await links.filter({ hasText: 'user:2' }).click()
    await expect.poll(() => page.getByTestId('detail-key').textContent()).toBe('user:2')
    await page.getByTestId('delete-key').click()
    await expect.poll(() => page.getByTestId('message').textContent()).toBe('deleted 1 key')
    await expect.poll(() => links.allTextContents()).toEqual(['user:1'])
    expect(await ctx.cache.hasKey('user:2')).toBe(false)
  })

  it('shows every key with its type and TTL, a structure value and live stats (screenshot)', async () => {
    await page.getByTestId('pattern').fill('*')
    await page.getByTestId('search').click()
    const links = page.getByTestId('key-link')
    await expect.poll(() => links.count()).toBeGreaterThanOrEqual(10) // 8 seeded + the herd's 2
    const types = await page.locator('#keys tbody .tag').allTextContents()
    expect(new Set(types)).toEqual(new Set(['string', 'hash', 'zset', 'list', 'set']))

    await links.filter({ hasText: /^profile:ada$/ }).click()
    await expect.poll(() => page.getByTestId('detail-value').textContent()).toContain("city: 'London'")
    expect(await page.getByTestId('detail-meta').textContent()).toContain('hash · TTL ∞ · 3 elements')

    await expect.poll(() => page.getByTestId('stat-hits').textContent()).toMatch(/^\d+$/)
    expect(Number(await page.getByTestId('stat-misses').textContent())).toBeGreaterThanOrEqual(1)
    expect(await page.getByTestId('stat-ratio').textContent()).toMatch(/^\d+\.\d %$/)
    expect(await page.getByTestId('stat-memory').textContent()).toMatch(/B$/)

    mkdirSync(ARTIFACTS, { recursive: true })
    const file = join(ARTIFACTS, 'cache-browser.png')
    await page.screenshot({ path: file, fullPage: true })
    expect(existsSync(file)).toBe(true)
  })
})
