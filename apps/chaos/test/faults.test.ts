/**
 * Faults under load on a dedicated server: SIGKILL + restart, SIGSTOP/SIGCONT, CLIENT KILL. Each runs the
 * same scenario (support/fault-scenario.ts): a strict and an ignoreExceptions cache under load, the fault,
 * recovery of the same cache objects, figures printed as `[chaos] <fault>: attempted=... failed=... recovered=...`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { runFaultScenario } from './support/fault-scenario.js'
import { adminClient, dedicatedServer, stopServer } from './support/redis.js'
import { sleep } from '@cachex-js/testkit'

describe('faults under load (dedicated server)', () => {
  let server: RedisStandalone
  beforeAll(async () => {
    server = await dedicatedServer()
  })
  afterAll(() => stopServer(server))

  it('SIGKILL of Redis under load, then a restart: calls fail fast, the same caches recover', async () => {
    const figures = await runFaultScenario({
      name: 'SIGKILL + restart',
      location: server.url,
      inject: async () => {
        server.primary.kill('SIGKILL')
        await server.primary.exited()
      },
      heal: () => server.restart(server.primary),
    })
    // Unreachable: failed fast with E_CONNECTION (a call in flight at the kill may see its socket close)
    expect(Object.keys(figures.strict.fault.failed)).toContain('E_CONNECTION')
  }, 90_000)

  it('SIGSTOP under load, then SIGCONT: calls time out at socketTimeout, the same caches recover', async () => {
    const figures = await runFaultScenario({
      name: 'SIGSTOP / SIGCONT',
      location: server.url,
      inject: async () => {
        server.primary.kill('SIGSTOP')
        await Promise.resolve()
      },
      heal: async () => {
        server.primary.kill('SIGCONT')
        await Promise.resolve()
      },
    })
    expect(figures.strict.fault.failed.E_TIMEOUT ?? 0).toBeGreaterThan(0)
  }, 90_000)

  it('CLIENT KILL of every client connection, again and again: the same caches reconnect', async () => {
    const admin = adminClient(server.url)
    await admin.ping()
    let kills = 0
    const killAll = async () => {
      await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes')
      kills++
    }
    const figures = await runFaultScenario({
      name: 'CLIENT KILL',
      location: server.url,
      inject: killAll,
      sustain: async () => {
        await sleep(100)
        await killAll()
      },
      heal: () => Promise.resolve(),
    })
    expect(kills).toBeGreaterThan(0)
    expect(figures.strict.fault.failed.E_CONNECTION ?? 0).toBeGreaterThan(0)
  }, 90_000)
})
