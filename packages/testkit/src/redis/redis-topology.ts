import type { RedisNode } from './redis-node'
import type { TopologyInfo } from './topology-info'

/**
 * What every topology handle offers: its nodes, per-node chaos control, `stop()` and serializable
 * connection info. Returned by `startStandalone`, `startReplication`, `startSentinel`, `startCluster`.
 */
export abstract class RedisTopology<Info extends TopologyInfo = TopologyInfo> {
  protected constructor(
    /** Every node (for a sentinel topology: data nodes first, then sentinels). */
    readonly nodes: readonly RedisNode[],
    /** Time from the start call to readiness, in ms. */
    readonly startMs: number,
  ) {}

  /** Serializable connection details (safe for `project.provide`). */
  abstract info(): Info

  /** The node listening on `port`; throws if none does. */
  node(port: number): RedisNode {
    const node = this.nodes.find((n) => n.port === port)
    if (!node) throw new Error(`no node of this topology listens on port ${port}`)
    return node
  }

  /** Sends `signal` to a node of this topology (default SIGKILL). */
  kill(node: RedisNode | number, signal: NodeJS.Signals = 'SIGKILL'): void {
    this.resolve(node).kill(signal)
  }

  /** Restarts a node on its port with its config; resolves once it answers. */
  restart(node: RedisNode | number): Promise<void> {
    return this.resolve(node).restart()
  }

  /** Stops every node (SIGKILL: nothing is persisted) and removes their dirs. Safe to call twice. */
  async stop(): Promise<void> {
    const results = await Promise.allSettled(this.nodes.map((node) => node.stop()))
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
  }

  private resolve(node: RedisNode | number): RedisNode {
    if (typeof node === 'number') return this.node(node)
    if (!this.nodes.includes(node)) throw new Error(`${node.toString()} is not part of this topology`)
    return node
  }
}
