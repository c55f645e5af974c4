import { nodeInfo } from './node-info'
import { RedisNode } from './redis-node'
import { RedisTopology } from './redis-topology'
import { startReplicas } from './start-replicas'
import type { ReplicationInfo } from './topology-info'
import { waitForReplicasInSync } from './wait-for-replicas-in-sync'

/** Options of {@link startReplication}. */
export interface ReplicationOptions {
  /** Number of replicas. Default 1. */
  replicas?: number
  /** Extra `redis.conf` lines for every node. */
  config?: string[]
  /** Readiness timeout (start and initial sync). Default 30000 ms. */
  timeoutMs?: number
}

/** A primary and its replicas. */
export class RedisReplication extends RedisTopology<ReplicationInfo> {
  constructor(
    readonly primary: RedisNode,
    readonly replicas: readonly RedisNode[],
    startMs: number,
  ) {
    super([primary, ...replicas], startMs)
  }

  /** The primary's URL. */
  get url(): string {
    return this.primary.url
  }

  info(): ReplicationInfo {
    return {
      kind: 'replication',
      url: this.url,
      startMs: this.startMs,
      primary: nodeInfo(this.primary),
      replicas: this.replicas.map(nodeInfo),
      nodes: this.nodes.map(nodeInfo),
    }
  }
}

/**
 * Starts a primary and `replicas` replicas of it; resolves once every replica reports
 * `master_link_status:up` (initial sync done) and the primary sees them online with its stream acknowledged.
 */
export async function startReplication(options: ReplicationOptions = {}): Promise<RedisReplication> {
  const started = Date.now()
  const timeoutMs = options.timeoutMs ?? 30_000
  const primary = await RedisNode.start({ role: 'primary', label: 'primary', config: () => options.config ?? [] })
  let replicas: RedisNode[] = []
  try {
    replicas = await startReplicas(primary, options.replicas ?? 1, options.config ?? [])
    await waitForReplicasInSync(replicas, timeoutMs - (Date.now() - started), primary)
  } catch (error) {
    await Promise.allSettled([primary, ...replicas].map((node) => node.stop()))
    throw error
  }
  return new RedisReplication(primary, replicas, Date.now() - started)
}
