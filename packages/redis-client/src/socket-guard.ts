/**
 * A guard for an ioredis 6 weakness (redis/ioredis#961, closed as wontfix): ioredis listens to each socket
 * with `once('error')`, and a TLS socket whose handshake is refused can emit a second `'error'` (the peer's
 * alert) after that listener is gone — an uncaught exception that kills the application. The guard keeps one
 * permanent no-op `'error'` listener on every socket a client is given; ioredis still sees the first error
 * and handles the connection as before.
 */
import type { Cluster, Redis } from 'ioredis'

const guarded = new WeakSet<object>()
const ignore = (): void => undefined

interface Listenable {
  on?: (event: string, listener: () => void) => unknown
}

/** Keeps an `'error'` listener on every socket `client` (a `Redis`) uses from now on, and on its current one. */
function guardRedis(client: Redis): void {
  if (guarded.has(client)) return
  guarded.add(client)
  let stream = (client as unknown as { stream?: Listenable }).stream
  stream?.on?.('error', ignore)
  try {
    Object.defineProperty(client, 'stream', {
      configurable: true,
      enumerable: true,
      get: () => stream,
      set: (next: Listenable | undefined) => {
        stream = next
        next?.on?.('error', ignore)
      },
    })
  } catch {
    // a client whose `stream` cannot be redefined keeps ioredis's own behaviour
  }
}

/** Guards a `Redis`, or every node connection of a `Cluster` (current ones and those it adds later). */
export function guardSockets(client: Redis | Cluster): void {
  if ('nodes' in client && typeof client.nodes === 'function' && 'refreshSlotsCache' in client) {
    const cluster = client
    if (guarded.has(cluster)) return
    guarded.add(cluster)
    for (const node of cluster.nodes('all')) guardRedis(node)
    cluster.on('+node', (node: Redis) => guardRedis(node))
    return
  }
  guardRedis(client as Redis)
}
