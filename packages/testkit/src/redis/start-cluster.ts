import { execFile } from 'node:child_process'
import { nodeInfo } from './node-info'
import { parseInfo } from './parse-info'
import { redisCommand } from './redis-command'
import { RedisNode } from './redis-node'
import { RedisTopology } from './redis-topology'
import { RunState } from './run-state'
import { startAll } from './start-all'
import type { ClusterInfo } from './topology-info'
import { waitFor } from './wait-for'
import { assertReplicasAcknowledged } from './replicas-acknowledged'

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  /** `cluster-node-timeout`. Default 2000 ms. */
  nodeTimeoutMs?: number
  /** Extra `redis.conf` lines for every node. */
  config?: string[]
  /** Readiness timeout. Default 60000 ms. */
  timeoutMs?: number
}

const PRIMARIES = 3
const REPLICAS_PER_PRIMARY = 1

/** A 3-primary + 3-replica Redis Cluster. */
export class RedisCluster extends RedisTopology<ClusterInfo> {
  constructor(
    nodes: readonly RedisNode[],
    /** Nodes that were primaries at start. */
    readonly primaries: readonly RedisNode[],
    /** Nodes that were replicas at start. */
    readonly replicas: readonly RedisNode[],
    startMs: number,
  ) {
    super(nodes, startMs)
  }

  /** One primary's URL. */
  get url(): string {
    return this.primaries[0]?.url ?? ''
  }

  /** Every node's address, for a cluster client's startup nodes. */
  get startupNodes(): Array<{ host: string; port: number }> {
    return this.nodes.map((node) => node.address)
  }

  info(): ClusterInfo {
    return {
      kind: 'cluster',
      url: this.url,
      startMs: this.startMs,
      startupNodes: this.startupNodes,
      primaries: this.primaries.map(nodeInfo),
      replicas: this.replicas.map(nodeInfo),
      nodes: this.nodes.map(nodeInfo),
    }
  }
}

/**
 * Starts 6 cluster-enabled nodes (ports with a free bus port at +10000), joins them with
 * `redis-cli --cluster create ... --cluster-replicas 1`, and resolves once every node reports
 * `cluster_state:ok` with all 16384 slots assigned and knows all 6 nodes, and every replica is in sync.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<RedisCluster> {
  const started = Date.now()
  const timeoutMs = options.timeoutMs ?? 60_000
  const nodeTimeout = options.nodeTimeoutMs ?? 2000
  const total = PRIMARIES * (1 + REPLICAS_PER_PRIMARY)
  const nodes = await startAll(
    Array.from(
      { length: total },
      () => () =>
        RedisNode.start({
          // Roles are assigned by `redis-cli --cluster create`; corrected below.
          role: 'primary',
          label: 'cluster',
          withBusPort: true,
          config: () => [
            ...(options.config ?? []),
            'cluster-enabled yes',
            'cluster-config-file nodes.conf',
            `cluster-node-timeout ${nodeTimeout}`,
          ],
        }),
    ),
    (node) => node.stop(),
  )
  try {
    const { binaries } = await RunState.acquire()
    await run(
      binaries.cli,
      [
        '--cluster',
        'create',
        ...nodes.map((n) => `${n.host}:${n.port}`),
        '--cluster-replicas',
        String(REPLICAS_PER_PRIMARY),
        '--cluster-yes',
      ],
      timeoutMs,
    )
    const replicaPorts = await waitForCluster(nodes, Math.max(timeoutMs - (Date.now() - started), 1000))
    const primaries = nodes.filter((n) => !replicaPorts.has(n.port))
    const replicas = nodes.filter((n) => replicaPorts.has(n.port))
    for (const replica of replicas) replica.assignRole('replica')
    const ordered = [...primaries, ...replicas]
    return new RedisCluster(ordered, primaries, replicas, Date.now() - started)
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()))
    throw error
  }
}

/** Waits for a healthy cluster; resolves with the ports of the replicas. */
async function waitForCluster(nodes: RedisNode[], timeoutMs: number): Promise<Set<number>> {
  const expectedReplicas = PRIMARIES * REPLICAS_PER_PRIMARY
  return waitFor(
    async () => {
      const roles = await Promise.all(nodes.map((node) => clusterNodeRole(node, nodes.length)))
      const replicaPorts = new Set(nodes.filter((_, i) => roles[i] === 'replica').map((node) => node.port))
      if (replicaPorts.size !== expectedReplicas)
        throw new Error(`${replicaPorts.size} replicas, want ${expectedReplicas}`)
      return replicaPorts
    },
    { timeoutMs, intervalMs: 100, what: 'every cluster node to report cluster_state:ok' },
  ).catch(async (error: Error) => {
    // Name the first unhealthy node and show its log.
    for (const node of nodes) {
      const problem = await clusterNodeRole(node, nodes.length).then(
        () => undefined,
        (e: Error) => e.message,
      )
      if (problem)
        throw new Error(
          `${error.message}\n${node.toString()}: ${problem}\n--- ${node.logFile} (tail) ---\n${node.logTail()}`,
        )
    }
    throw error
  })
}

/** Checks one node's view of the cluster; throws a description of what is not ready. */
async function clusterNodeRole(node: RedisNode, size: number): Promise<'primary' | 'replica'> {
  const info = parseInfo((await redisCommand(node.address, ['CLUSTER', 'INFO'], { timeoutMs: 2000 })) as string)
  if (info.cluster_state !== 'ok') throw new Error(`${node.port}: cluster_state:${info.cluster_state}`)
  if (info.cluster_slots_assigned !== '16384')
    throw new Error(`${node.port}: ${info.cluster_slots_assigned} slots assigned`)
  if (info.cluster_known_nodes !== String(size))
    throw new Error(`${node.port}: knows ${info.cluster_known_nodes} nodes`)
  const replication = parseInfo(
    (await redisCommand(node.address, ['INFO', 'replication'], { timeoutMs: 2000 })) as string,
  )
  if (replication.role !== 'slave') {
    // a primary whose replica has not acknowledged its stream yet would lose acknowledged writes on failover
    await assertReplicasAcknowledged(node, REPLICAS_PER_PRIMARY)
    return 'primary'
  }
  if (replication.master_link_status !== 'up')
    throw new Error(`${node.port}: master_link_status:${replication.master_link_status}`)
  return 'replica'
}

function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`))
      else resolve(stdout)
    })
  })
}
