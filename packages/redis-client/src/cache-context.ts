/**
 * What RedisCache's operation modules share: the key space, the codec pipeline, the topology, the
 * command layer and the defaults. One object, built once per cache.
 */
import type { CodecPipeline, KeySpace } from '@cachex-js/core'
import type { CommandRunner } from './command-runner.js'
import type { Commands } from './commands.js'
import type { ClientTopology } from './topology.js'

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
