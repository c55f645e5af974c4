/**
 * ACL users with the least privileges cachex needs, on a dedicated server. The documented command list
 * (docs/reliability.md, "Least-privilege ACL") is enough for every RedisCache method on a prefixed cache;
 * each command in it is needed (without it some method fails, or a getOrSet lease is left behind); and the
 * user cannot touch keys outside its prefix nor run anything dangerous.
 */
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisStandalone } from '@cachex-js/testkit/redis'
import { isCachexError } from '@cachex-js/core'
import { reportFigure } from './support/figures.js'
import { adminClient, dedicatedServer, stopServer, testCache } from './support/redis.js'
import { everyMethod } from './support/workload.js'

/**
 * What RedisCache runs on its keys (MONITOR of every method; DEL and INCRBY/PERSIST/PEXPIRE from Lua; MULTI, MSET
 * and EXEC: `setMany`).
 */
export const DATA_COMMANDS = [
  'get',
  'set',
  'mget',
  'mset',
  'multi',
  'exec',
  'unlink',
  'del',
  'exists',
  'eval',
  'evalsha',
  'incrby',
  'persist',
  'pexpire',
  'pexpireat',
  'pttl',
  'ttl',
  'rename',
  'scan',
]
/**
 * Connection commands: HELLO (RESP3 handshake), SELECT (a db other than 0), INFO (ioredis' ready check),
 * QUIT (a polite close). AUTH is always allowed.
 */
export const CONNECTION_COMMANDS = ['hello', 'select', 'info', 'quit']

const PREFIX = 'shop'
const PASSWORD = 'least privilege'

describe('least-privilege ACL user', () => {
  let server: RedisStandalone
  let admin: Redis
  beforeAll(async () => {
    server = await dedicatedServer()
  })
  afterAll(() => stopServer(server))

  async function setUser(commands: string[]): Promise<void> {
    admin = adminClient(`${server.url}/3`) // the cache's db
    await admin.call(
      'ACL',
      'SETUSER',
      'cachex',
      'reset',
      'on',
      `>${PASSWORD}`,
      `~${PREFIX}:*`,
      `~__cachex_lease__:${PREFIX}:*`,
      'resetchannels',
      '-@all',
      ...commands.map((command) => `+${command}`),
    )
  }

  function userCache(keyPrefix = PREFIX) {
    return testCache({
      location: `${server.url}/3`,
      keyPrefix,
      options: { username: 'cachex', password: PASSWORD, socketTimeout: 2 },
    })
  }

  it('runs every RedisCache method with only the documented commands, in the right db, leaving no lease', async () => {
    await setUser([...DATA_COMMANDS, ...CONNECTION_COMMANDS])
    const cache = userCache()
    await everyMethod(cache)
    await cache.set('kept', 1)
    expect(await admin.keys('*')).toEqual([`${PREFIX}:1:kept`])
    expect(await adminClient(server.url).dbsize(), 'nothing landed in db 0').toBe(0)
  })

  it('needs each documented data command: without it a method fails with a CachexError, or a lease lingers', async () => {
    const refusals: Record<string, string> = {}
    for (const dropped of DATA_COMMANDS) {
      await setUser([...DATA_COMMANDS, ...CONNECTION_COMMANDS].filter((command) => command !== dropped))
      const cache = userCache()
      let outcome: string
      try {
        await everyMethod(cache)
        const leases = await admin.keys('__cachex_lease__:*')
        outcome = leases.length > 0 ? `lease left behind (${leases.length})` : 'ok'
        if (leases.length > 0) await admin.del(...leases)
      } catch (error) {
        expect(isCachexError(error), `${dropped}: ${String(error)}`).toBe(true)
        const { code, context } = error as { code: string; context: { operation?: string } }
        outcome = `${context.operation ?? '?'}: ${code}`
      }
      refusals[dropped] = outcome
      await cache.close()
    }
    reportFigure('ACL: each command dropped in turn', refusals)
    for (const [dropped, outcome] of Object.entries(refusals)) {
      expect(outcome, dropped).not.toBe('ok')
      // an ACL refusal is the server refusing this client, whether the command ran alone, in a Lua script or in
      // MULTI: E_CONNECTION (reliability finding F3), which ignoreExceptions absorbs like any other refusal
      expect(outcome, dropped).toMatch(/: E_CONNECTION$|^lease left behind/)
    }
  }, 60_000)

  it('cannot reach keys outside its prefix nor run dangerous commands', async () => {
    await setUser([...DATA_COMMANDS, ...CONNECTION_COMMANDS])
    const outside = userCache('other')
    await expect(outside.set('k', 1)).rejects.toMatchObject({ code: 'E_CONNECTION', context: { reply: 'NOPERM' } })
    await expect(outside.get('k')).rejects.toMatchObject({ code: 'E_CONNECTION' })
    const raw = adminClient(`${server.url}`, { username: 'cachex', password: PASSWORD })
    for (const command of [
      ['FLUSHALL'],
      ['FLUSHDB'],
      ['KEYS', '*'],
      ['CONFIG', 'GET', '*'],
      ['ACL', 'LIST'],
      ['DEBUG', 'SLEEP', '0'],
      ['SHUTDOWN', 'NOSAVE'],
      ['SCRIPT', 'FLUSH'],
      ['CLIENT', 'LIST'],
      ['EVAL', "return redis.call('SET', 'other:key', 1)", '0'],
      ['EVAL', "return redis.call('FLUSHALL')", '0'],
    ]) {
      await expect(raw.call(command[0]!, ...command.slice(1)), command.join(' ')).rejects.toThrow(
        /NOPERM|no permissions|can't run this command|can't access/i,
      )
    }
    expect(await admin.exists('other:key')).toBe(0)
  })
})
