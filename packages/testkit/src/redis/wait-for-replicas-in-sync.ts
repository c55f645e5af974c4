import { parseInfo } from './parse-info'
import { assertReplicasAcknowledged } from './replicas-acknowledged'
import { redisCommand } from './redis-command'
import type { RedisNode } from './redis-node'
import { waitFor } from './wait-for'

/**
 * Waits until every replica reports `master_link_status:up` and, when `primary` is given, the primary sees them
 * online with its whole stream acknowledged; the error names the node and shows its log.
 */
export async function waitForReplicasInSync(
  replicas: readonly RedisNode[],
  timeoutMs: number,
  primary?: RedisNode,
): Promise<void> {
  await Promise.all(
    replicas.map((replica) =>
      waitFor(
        async () => {
          const info = parseInfo((await redisCommand(replica.address, ['INFO', 'replication'])) as string)
          if (info.master_link_status !== 'up') throw new Error(`master_link_status:${info.master_link_status}`)
          return true
        },
        {
          timeoutMs: Math.max(timeoutMs, 1000),
          intervalMs: 50,
          what: `${replica.toString()} to sync with its primary`,
        },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n--- ${replica.logFile} (tail) ---\n${replica.logTail()}`)
      }),
    ),
  )
  if (primary === undefined) return
  await waitFor(() => assertReplicasAcknowledged(primary, replicas.length).then(() => true), {
    timeoutMs: Math.max(timeoutMs, 3000),
    intervalMs: 50,
    what: `${primary.toString()} to see its replicas online and acknowledged`,
  })
}
