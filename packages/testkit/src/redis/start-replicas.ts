import { RedisNode } from './redis-node'
import { startAll } from './start-all'

/** Starts `count` replicas of `primary` in parallel (internal to the replication and sentinel topologies). */
export function startReplicas(primary: RedisNode, count: number, config: string[]): Promise<RedisNode[]> {
  return startAll(
    Array.from(
      { length: count },
      () => () =>
        RedisNode.start({
          role: 'replica',
          label: 'replica',
          config: () => [...config, `replicaof ${primary.host} ${primary.port}`],
        }),
    ),
    (node) => node.stop(),
  )
}
