import { createServer } from 'node:net'

/** Options of {@link allocatePort}. */
export interface AllocatePortOptions {
  /** Also require `port + 10000` to be free (a Redis Cluster node's bus port). */
  withBusPort?: boolean
  /** Ports this process already handed out and must not hand out again. */
  taken?: Set<number>
}

/** Ports the harness never uses: the conventional Redis, Sentinel and cluster-bus ports. */
const RESERVED = new Set([6379, 16379, 26379])
/** Below the Linux ephemeral range (32768+), so outgoing connections do not race us for a port. */
const LOW = 20000
const HIGH = 30000

/**
 * Picks a random free TCP port on 127.0.0.1 in [20000, 30000) (bus port, when asked, in [30000, 40000)).
 * "Free" means a listen probe succeeded just now: another process may still grab it before redis-server
 * binds, so callers retry with a new port when the server reports "Address already in use".
 */
export async function allocatePort(options: AllocatePortOptions = {}): Promise<number> {
  const taken = options.taken ?? new Set<number>()
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW))
    const ports = options.withBusPort ? [port, port + 10000] : [port]
    if (ports.some((p) => RESERVED.has(p) || taken.has(p))) continue
    if (!(await allFree(ports))) continue
    for (const p of ports) taken.add(p)
    return port
  }
  throw new Error('could not find a free TCP port on 127.0.0.1 in 200 attempts')
}

async function allFree(ports: number[]): Promise<boolean> {
  for (const port of ports) if (!(await isFree(port))) return false
  return true
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)))
  })
}
