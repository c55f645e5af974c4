import type { RedisNode } from './redis-node'
import type { RedisNodeInfo } from './topology-info'

/** Serializable info of a node. */
export function nodeInfo(node: RedisNode): RedisNodeInfo {
  return { host: node.host, port: node.port, url: node.url, role: node.role, pid: node.pid }
}
