import { describe, expect, it } from 'vitest'
import { TOPOLOGIES } from './support/shared.js'

interface Player {
  id: number
  name: string
}

describe.each(TOPOLOGIES)('end to end on $name', ({ cache: makeCache }) => {
  it('a leaderboard: zadd, zincrby, zrevrank, zrange withscores', async () => {
    const cache = makeCache()
    const ada: Player = { id: 1, name: 'Ada' }
    const alan: Player = { id: 2, name: 'Alan' }
    const grace: Player = { id: 3, name: 'Grace' }
    // Players are objects: members go through the cache's codec.
    expect(
      await cache.zadd(
        'board',
        new Map<Player, number>([
          [ada, 120],
          [alan, 95],
          [grace, 130],
        ]),
      ),
    ).toBe(3)
    expect(await cache.zincrby('board', 25, { id: 2, name: 'Alan' })).toBe(120)
    expect(await cache.zincrby('board', 40, ada)).toBe(160)
    // A new score only counts when it beats the best one.
    expect(await cache.zadd('board', new Map([[grace, 100]]), { gt: true, ch: true })).toBe(0)
    expect(await cache.zadd('board', new Map([[grace, 150]]), { gt: true, ch: true })).toBe(1)
    expect(await cache.zrevrank('board', ada)).toBe(0)
    expect(await cache.zrevrank('board', grace)).toBe(1)
    expect(await cache.zrevrank('board', alan)).toBe(2)
    expect(await cache.zrevrank('board', { id: 9, name: 'Nobody' })).toBeUndefined()
    const top = await cache.zrange<Player>('board', 0, 1, { desc: true, withscores: true })
    expect(top).toEqual([
      [ada, 160],
      [grace, 150],
    ])
    expect(top.map(([player]) => player.name)).toEqual(['Ada', 'Grace'])
    expect(await cache.zrange<Player>('board', -3, -3, { withscores: true })).toEqual([[alan, 120]]) // the lowest
    expect(await cache.zcount('board', 150, '+inf')).toBe(2)
  })

  it('a hash-based profile: hset, hgetall, hincrby', async () => {
    const cache = makeCache()
    const joined = new Date('2024-01-15T09:00:00.000Z')
    await cache.hmset('user:42', { name: 'Zoë 🚀', email: 'zoe@example.com', joined, logins: 0 })
    expect(await cache.hset('user:42', 'roles', ['admin', 'editor'])).toBe(1)
    expect(await cache.hincrby('user:42', 'logins')).toBe(1)
    expect(await cache.hincrby('user:42', 'logins', 2)).toBe(3)
    expect(await cache.hincrbyfloat('user:42', 'balance', 10.5)).toBe(10.5)
    expect(await cache.hsetnx('user:42', 'name', 'someone else')).toBe(false)
    expect(await cache.hdel('user:42', 'email')).toBe(1)
    const profile = await cache.hgetall('user:42')
    expect(profile).toEqual({ name: 'Zoë 🚀', joined, logins: 3, roles: ['admin', 'editor'], balance: 10.5 })
    expect(profile.joined).toBeInstanceOf(Date)
    expect(await cache.hmget('user:42', 'name', 'logins', 'email')).toEqual(['Zoë 🚀', 3, undefined])
    expect(await cache.hlen('user:42')).toBe(5)
  })

  it('a reliable work queue: rpush, lmove to a processing list, lrem when done, ltrim the log', async () => {
    const cache = makeCache()
    // Hash tags keep the three lists in one slot, so lmove works on a cluster too.
    const pending = '{jobs}:pending'
    const processing = '{jobs}:processing'
    const log = '{jobs}:log'
    const jobs = [1, 2, 3, 4].map((id) => ({ id, payload: `resize image ${id}`, at: new Date(1_700_000_000_000 + id) }))
    expect(await cache.rpush(pending, ...jobs)).toBe(4)

    const done: number[] = []
    for (;;) {
      const job = await cache.lmove<(typeof jobs)[number]>(pending, processing, 'LEFT', 'RIGHT')
      if (job === undefined) break
      expect(job.at).toBeInstanceOf(Date)
      expect(await cache.lpos(processing, job)).toBe(0) // in flight, visible to a reaper
      done.push(job.id)
      expect(await cache.lrem(processing, 1, job)).toBe(1) // acknowledged
      await cache.lpush(log, `finished ${job.id}`)
      await cache.ltrim(log, 0, 2) // keep the 3 latest entries
    }
    expect(done).toEqual([1, 2, 3, 4])
    expect(await cache.llen(pending)).toBe(0)
    expect(await cache.lrange(processing, 0, -1)).toEqual([])
    expect(await cache.lrange(log, 0, -1)).toEqual(['finished 4', 'finished 3', 'finished 2'])
  })
})
