import type { RedisNode } from './redis-node'
import { parseInfo } from './parse-info'
import { redisCommand } from './redis-command'

/**
 * Throws unless the primary sees `expected` replicas `online` that have acknowledged its whole replication
 * stream (`offset` = `master_repl_offset`). A replica's `master_link_status:up` alone is not enough: until the
 * primary marks it online and receives its first ACK, writes acknowledged to clients can still be lost by a
 * failover, which made early failover tests lose ~25 writes.
 */
export async function assertReplicasAcknowledged(primary: RedisNode, expected: number): Promise<void> {
  const info = parseInfo((await redisCommand(primary.address, ['INFO', 'replication'], { timeoutMs: 2000 })) as string)
  const connected = Number(info.connected_slaves ?? 0)
  if (connected < expected) throw new Error(`${primary.port}: ${connected} replicas connected, want ${expected}`)
  const offset = info.master_repl_offset ?? '0'
  for (let i = 0; i < connected; i++) {
    const line = info[`slave${i}`] ?? ''
    if (!line.includes('state=online')) throw new Error(`${primary.port}: replica ${i} not online (${line})`)
    if (!line.includes(`offset=${offset},`)) {
      throw new Error(`${primary.port}: replica ${i} has not acknowledged offset ${offset} (${line})`)
    }
  }
}
