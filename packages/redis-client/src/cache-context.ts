/**
 * What RedisCache's operation modules share: the key space, the codec pipeline, the topology, the
 * command layer and the defaults. One object, built once per cache by {@link createCacheContext}.
 */
import { KeySpace, assertTimeout, createCodecPipeline, type CodecPipeline } from '@cachex-js/core'
import { resolveCompressors } from '@cachex-js/compressors'
import { resolveSerializers } from '@cachex-js/serializers'
import { CommandRunner } from './command-runner.js'
import { Commands } from './commands.js'
import { resolveOptions, type RedisCacheConfig } from './options.js'
import { ClusterTopology } from './cluster-topology.js'
import { ReplicatedTopology } from './replicated-topology.js'
import { SentinelTopology } from './sentinel-topology.js'
import type { ClientTopology, TopologyContext } from './topology.js'

/** The internals of one RedisCache. */
export interface CacheContext {
  readonly keySpace: KeySpace
  readonly codec: CodecPipeline
  readonly topology: ClientTopology
  readonly commands: Commands
  readonly runner: CommandRunner
  /** The cache's default timeout in seconds (`null` = never expire). */
  readonly defaultTimeout: number | null
  /** The default SCAN `COUNT`. */
  readonly scanItersize: number
}

/**
 * Validates `config` and builds a cache's internals. Everything that can be wrong with the
 * configuration throws `E_CONFIG` before the topology opens any connection.
 */
export function createCacheContext(config: RedisCacheConfig): CacheContext {
  const options = resolveOptions(config)
  const keySpace = new KeySpace(config)
  const defaultTimeout = config.timeout === undefined ? 300 : config.timeout
  assertTimeout(defaultTimeout)
  const codec = createCodecPipeline({
    serializers: resolveSerializers(options.serializer, { field: 'options.serializer' }),
    compressors: resolveCompressors(options.compressor, { field: 'options.compressor' }),
    maxDecompressedSize: options.maxDecompressedSize,
  })
  const runner = new CommandRunner({
    timeoutMs: options.socketTimeoutMs,
    ignoreExceptions: options.ignoreExceptions,
    logIgnoredExceptions: options.logIgnoredExceptions,
    logger: options.logger,
    coalesceSets: options.coalesceSets,
    coalesceGets: options.coalesceGets,
  })
  const topology = createTopology({ endpoints: options.endpoints, options, logger: options.logger })
  return {
    keySpace,
    codec,
    topology,
    commands: new Commands(runner),
    runner,
    defaultTimeout,
    scanItersize: options.scanItersize,
  }
}

/** The topology `options.client` names (or builds). */
function createTopology(context: TopologyContext): ClientTopology {
  const { client } = context.options
  if (client === 'sentinel') return new SentinelTopology(context)
  if (client === 'cluster') return new ClusterTopology(context)
  if (client === 'default') return new ReplicatedTopology(context)
  return client(context)
}
