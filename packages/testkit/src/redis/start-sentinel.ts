import { parseInfo } from './parse-info'
import { redisCommand } from './redis-command'
import { RedisNode } from './redis-node'
import { nodeInfo } from './node-info'
import { RedisTopology } from './redis-topology'
import { startAll } from './start-all'
import type { RespValue } from './resp-parser'
import { startReplicas } from './start-replicas'
import type { SentinelInfo } from './topology-info'
import { waitFor } from './wait-for'
import { waitForReplicasInSync } from './wait-for-replicas-in-sync'

/** Options of {@link startSentinel}. */
export interface SentinelOptions {
  /** Name the sentinels monitor the primary under. Default `cachex`. */
  name?: string
  /** Sentinel `down-after-milliseconds`. Default 1000. */
  downAfterMs?: number
  /** Sentinel `failover-timeout`. Default 3000 (a failed attempt is retried after twice this). */
  failoverTimeoutMs?: number
  /** Extra `redis.conf` lines for the primary and the replica. */
  config?: string[]
  /** Readiness timeout. Default 45000 ms. */
  timeoutMs?: number
}

const SENTINELS = 3
const QUORUM = 2

/** A primary, one replica and 3 sentinels (quorum 2). */
export class RedisSentinel extends RedisTopology<SentinelInfo> {
  constructor(
    /** The name the sentinels monitor the primary under. */
    readonly name: string,
    /** The primary at start. */
    readonly primary: RedisNode,
    /** The replicas at start. */
    readonly replicas: readonly RedisNode[],
    readonly sentinels: readonly RedisNode[],
    startMs: number,
  ) {
    super([primary, ...replicas, ...sentinels], startMs)
  }

  /** The primary's URL at start. */
  get url(): string {
    return this.primary.url
  }

  /**
   * The node the sentinels currently name as primary (`SENTINEL get-master-addr-by-name`), asking the
   * running sentinels in turn.
   */
  async currentPrimary(): Promise<RedisNode> {
    let lastError: unknown
    for (const sentinel of this.sentinels.filter((s) => s.running)) {
      try {
        return this.node(await primaryPortSeenBy(sentinel, this.name))
      } catch (error) {
        lastError = error
      }
    }
    throw new Error(`no sentinel could name the primary: ${String(lastError)}`)
  }

  /**
   * Waits until every running sentinel names a primary other than `previous`, and that node reports
   * `role:master`; resolves with it. Use after killing the primary.
   */
  async waitForFailover(previous: RedisNode, timeoutMs = 30_000): Promise<RedisNode> {
    return waitFor(
      async () => {
        const ports = await Promise.all(
          this.sentinels.filter((s) => s.running).map((s) => primaryPortSeenBy(s, this.name)),
        )
        const port = ports[0]
        if (port === undefined || port === previous.port || ports.some((p) => p !== port)) {
          throw new Error(`sentinels name ${ports.join(', ')} as primary`)
        }
        const info = parseInfo((await redisCommand({ host: previous.host, port }, ['INFO', 'replication'])) as string)
        if (info.role !== 'master') throw new Error(`promoted node ${port} still reports role:${info.role}`)
        return this.node(port)
      },
      { timeoutMs, intervalMs: 100, what: `the sentinels to fail over from ${previous.toString()}` },
    )
  }

  info(): SentinelInfo {
    return {
      kind: 'sentinel',
      url: this.url,
      name: this.name,
      startMs: this.startMs,
      sentinels: this.sentinels.map((s) => ({ host: s.host, port: s.port })),
      primary: nodeInfo(this.primary),
      replicas: this.replicas.map(nodeInfo),
      sentinelNodes: this.sentinels.map(nodeInfo),
      nodes: this.nodes.map(nodeInfo),
    }
  }
}

/**
 * Starts a primary, a replica and 3 sentinels (`redis-server <conf> --sentinel`, quorum 2, fast
 * failure detection). Resolves once the replica is in sync and every sentinel sees the primary as a
 * healthy master with the replica and the 2 other sentinels.
 */
export async function startSentinel(options: SentinelOptions = {}): Promise<RedisSentinel> {
  const started = Date.now()
  const name = options.name ?? 'cachex'
  const timeoutMs = options.timeoutMs ?? 45_000
  const primary = await RedisNode.start({
    role: 'primary',
    label: 'sentinel-primary',
    config: () => options.config ?? [],
  })
  let nodes: RedisNode[] = [primary]
  try {
    const replicas = await startReplicas(primary, 1, options.config ?? [])
    nodes = [...nodes, ...replicas]
    await waitForReplicasInSync(replicas, timeoutMs, primary)
    const sentinels = await startAll(
      Array.from(
        { length: SENTINELS },
        () => () =>
          RedisNode.start({
            role: 'sentinel',
            label: 'sentinel',
            sentinel: true,
            config: () => [
              `sentinel monitor ${name} ${primary.host} ${primary.port} ${QUORUM}`,
              `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 1000}`,
              `sentinel failover-timeout ${name} ${options.failoverTimeoutMs ?? 3000}`,
              `sentinel parallel-syncs ${name} 1`,
            ],
          }),
      ),
      (node) => node.stop(),
    )
    nodes = [...nodes, ...sentinels]
    const remaining = Math.max(timeoutMs - (Date.now() - started), 1000)
    await Promise.all(sentinels.map((sentinel) => waitForSentinel(sentinel, name, replicas, remaining)))
    return new RedisSentinel(name, primary, replicas, sentinels, Date.now() - started)
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()))
    throw error
  }
}

async function waitForSentinel(sentinel: RedisNode, name: string, replicas: RedisNode[], timeoutMs: number) {
  await waitFor(
    async () => {
      const master = toRecord(await redisCommand(sentinel.address, ['SENTINEL', 'MASTER', name]))
      if (master.flags !== 'master') throw new Error(`master flags ${master.flags}`)
      if (master['num-other-sentinels'] !== String(SENTINELS - 1)) {
        throw new Error(`knows ${master['num-other-sentinels']} other sentinels`)
      }
      const known = ((await redisCommand(sentinel.address, ['SENTINEL', 'REPLICAS', name])) as RespValue[]).map(
        toRecord,
      )
      for (const replica of replicas) {
        const entry = known.find((r) => r.port === String(replica.port))
        if (!entry || entry.flags !== 'slave' || entry['master-link-status'] !== 'ok') {
          throw new Error(`replica ${replica.port}: ${entry ? `flags ${entry.flags}` : 'unknown'}`)
        }
      }
      return true
    },
    { timeoutMs, intervalMs: 100, what: `${sentinel.toString()} to see primary, replica and other sentinels` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- ${sentinel.logFile} (tail) ---\n${sentinel.logTail()}`)
  })
}

/** The primary's port according to one sentinel. */
async function primaryPortSeenBy(sentinel: RedisNode, name: string): Promise<number> {
  const reply = await redisCommand(sentinel.address, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name], { timeoutMs: 1000 })
  if (!Array.isArray(reply) || reply.length !== 2) throw new Error(`sentinel ${sentinel.port} does not know ${name}`)
  return Number(reply[1])
}

/** `[k1, v1, k2, v2...]` (RESP2) or a map (RESP3) as a record of strings. */
function toRecord(reply: RespValue): Record<string, string> {
  const record: Record<string, string> = {}
  if (!Array.isArray(reply)) return record
  for (let i = 0; i + 1 < reply.length; i += 2) record[String(reply[i])] = String(reply[i + 1])
  return record
}
