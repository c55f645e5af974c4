import { afterAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'

describe('demo app', () => {
  const app = buildApp()
  afterAll(() => app.close())

  it('serves its health endpoint with the cachex package loaded', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ ok: true, package: 'cachex' })
  })

  it('serves the home page as HTML', async () => {
    const response = await app.inject({ method: 'GET', url: '/' })
    expect(response.headers['content-type']).toContain('text/html')
    expect(response.body).toContain('cachex demo')
  })
})
