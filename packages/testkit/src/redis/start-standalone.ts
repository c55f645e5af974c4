import { RedisNode } from './redis-node'
import { nodeInfo } from './node-info'
import { RedisTopology } from './redis-topology'
import type { StandaloneInfo } from './topology-info'

/** Options of {@link startStandalone}. */
export interface StandaloneOptions {
  /** Extra `redis.conf` lines, e.g. `['maxmemory 10mb', 'maxmemory-policy allkeys-lru']`. */
  config?: string[]
  /** Readiness timeout. Default 15000 ms. */
  timeoutMs?: number
}

/** A single redis-server. */
export class RedisStandalone extends RedisTopology<StandaloneInfo> {
  constructor(
    /** The server. */
    readonly primary: RedisNode,
    startMs: number,
  ) {
    super([primary], startMs)
  }

  get host(): string {
    return this.primary.host
  }

  get port(): number {
    return this.primary.port
  }

  get url(): string {
    return this.primary.url
  }

  info(): StandaloneInfo {
    return {
      kind: 'standalone',
      host: this.host,
      port: this.port,
      url: this.url,
      startMs: this.startMs,
      nodes: [nodeInfo(this.primary)],
    }
  }
}

/**
 * Starts one redis-server on a free port and resolves once it answers.
 *
 * @example
 * const redis = await startStandalone()
 * try { ... redis.url ... } finally { await redis.stop() }
 */
export async function startStandalone(options: StandaloneOptions = {}): Promise<RedisStandalone> {
  const started = Date.now()
  const primary = await RedisNode.start({
    role: 'primary',
    label: 'standalone',
    config: () => options.config ?? [],
    startTimeoutMs: options.timeoutMs,
  })
  return new RedisStandalone(primary, Date.now() - started)
}
