/**
 * The topologies the root global setup starts once per run (`inject('cachexRedis')`) answer as expected.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import {
  parseInfo,
  redisCommand,
  RespClient,
  RespError,
  type RedisAddress,
  type RedisNodeInfo,
  type TopologyInfo,
} from '@cachex-js/testkit/redis'
import { stateRoot } from '../src/redis/state-root'

const redis = inject('cachexRedis')

describe('shared redis topologies', () => {
  it.skipIf(!redis?.standalone)('standalone answers PING and SET/GET', async () => {
    const node = redis!.standalone!
    expect(node.url).toBe(`redis://127.0.0.1:${node.port}`)
    expect(node.port).not.toBe(6379)
    expect(await redisCommand(node, ['PING'])).toBe('PONG')
    const key = `testkit:standalone:${process.pid}`
    expect(await redisCommand(node, ['SET', key, 'v1', 'PX', 60_000])).toBe('OK')
    expect(await redisCommand(node, ['GET', key])).toBe('v1')
  })

  it.skipIf(!redis?.replication)('replication: a write on the primary shows on every replica', async () => {
    const { primary, replicas } = redis!.replication!
    expect(replicas.length).toBeGreaterThanOrEqual(1)
    const key = `testkit:replication:${process.pid}`
    const client = await RespClient.connect(primary)
    try {
      expect(await client.command('SET', key, 'replicated', 'PX', 60_000)).toBe('OK')
      expect(await client.command('WAIT', replicas.length, 2000)).toBe(replicas.length)
    } finally {
      client.close()
    }
    for (const replica of replicas) {
      expect(parseInfo((await redisCommand(replica, ['INFO', 'replication'])) as string)).toMatchObject({
        role: 'slave',
        master_port: String(primary.port),
        master_link_status: 'up',
      })
      expect(await redisCommand(replica, ['GET', key])).toBe('replicated')
    }
  })

  it.skipIf(!redis?.sentinel)(
    'sentinel: every sentinel names the primary and knows the replica and the others',
    async () => {
      const { name, primary, replicas, sentinels } = redis!.sentinel!
      expect(sentinels).toHaveLength(3)
      for (const sentinel of sentinels) {
        expect(await redisCommand(sentinel, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name])).toEqual([
          '127.0.0.1',
          String(primary.port),
        ])
        expect(await redisCommand(sentinel, ['SENTINEL', 'SENTINELS', name])).toHaveLength(2)
        expect(await redisCommand(sentinel, ['SENTINEL', 'REPLICAS', name])).toHaveLength(replicas.length)
      }
      const key = `testkit:sentinel:${process.pid}`
      expect(await redisCommand(primary, ['SET', key, 'via-primary', 'PX', 60_000])).toBe('OK')
      const replica = replicas[0]!
      await expect.poll(() => redisCommand(replica, ['GET', key]), { timeout: 5000 }).toBe('via-primary')
    },
  )

  it.skipIf(!redis?.cluster)(
    'cluster: healthy on every node; writes to keys in different slots land on different primaries',
    async () => {
      const cluster = redis!.cluster!
      expect(cluster.primaries).toHaveLength(3)
      expect(cluster.replicas).toHaveLength(3)
      for (const node of cluster.nodes) {
        expect(parseInfo((await redisCommand(node, ['CLUSTER', 'INFO'])) as string)).toMatchObject({
          cluster_state: 'ok',
          cluster_slots_assigned: '16384',
          cluster_known_nodes: '6',
        })
      }
      const owners = new Set<number>()
      for (const key of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'].map(
        (k) => `testkit:${k}:${process.pid}`,
      )) {
        const { reply, port } = await clusterCommand(cluster.startupNodes[0]!, ['SET', key, key, 'PX', 60_000])
        expect(reply).toBe('OK')
        owners.add(port)
        expect((await clusterCommand(cluster.startupNodes[0]!, ['GET', key])).reply).toBe(key)
      }
      expect(owners.size).toBeGreaterThanOrEqual(2)
      for (const port of owners) expect(cluster.primaries.map((p) => p.port)).toContain(port)
    },
  )

  it.skipIf(!redis?.standalone)('the global setup ran once: one harness run holds exactly the provided nodes', () => {
    const info = redis!
    const nodes: RedisNodeInfo[] = Object.values(info).flatMap(
      (topology: TopologyInfo | undefined) => topology?.nodes ?? [],
    )
    const ports = nodes.map((node) => node.port)
    const root = stateRoot()
    const runs = readdirSync(root).filter((run) =>
      readdirSync(join(root, run)).includes(`standalone-${info.standalone!.port}`),
    )
    expect(runs).toHaveLength(1)
    const runDir = join(root, runs[0]!)
    const owner = JSON.parse(readFileSync(join(runDir, 'owner.json'), 'utf8')) as { pid: number }
    // Every run dir of the process that ran the global setup: just this one.
    expect(readdirSync(root).filter((run) => run.startsWith(`run-${owner.pid}-`))).toEqual([runs[0]])
    // Every redis-server of that run is one of the provided nodes, and every provided node runs.
    const running = redisProcessesIn(runDir)
    expect(running.map((p) => p.port).sort()).toEqual([...ports].sort())
  })
})

/** Sends a command to a cluster, following MOVED/ASK redirects; reports which node answered. */
async function clusterCommand(entry: RedisAddress, args: Array<string | number>) {
  let address = entry
  let asking = false
  for (let hop = 0; hop < 5; hop++) {
    const client = await RespClient.connect(address)
    try {
      if (asking) await client.command('ASKING')
      return { reply: await client.command(...args), port: address.port }
    } catch (error) {
      if (!(error instanceof RespError) || (error.code !== 'MOVED' && error.code !== 'ASK')) throw error
      asking = error.code === 'ASK'
      const [host, port] = error.message.split(' ')[2]!.split(':')
      address = { host: host!, port: Number(port) }
    } finally {
      client.close()
    }
  }
  throw new Error(`too many redirects for ${args.join(' ')}`)
}

/** redis-server processes whose command line names `runDir` (their config file lives there). */
function redisProcessesIn(runDir: string): Array<{ pid: number; port: number }> {
  const found: Array<{ pid: number; port: number }> = []
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let cmdline: string
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
    } catch {
      continue
    }
    const match = /127\.0\.0\.1:(\d+)/.exec(cmdline)
    if (cmdline.includes(`${runDir}/`) && cmdline.includes('redis') && match) {
      found.push({ pid: Number(pid), port: Number(match[1]) })
    }
  }
  return found
}
