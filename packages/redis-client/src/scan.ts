/**
 * SCAN over every node that holds data (never KEYS): the one place `keys`, `iterKeys`, `deletePattern`,
 * `clear` and `reinsertKeys` find stored keys, whatever the topology.
 */
import type { ErrorContext } from '@cachex-js/core'
import type { Commands } from './commands.js'
import type { RedisClient } from './connection.js'
import type { ClientTopology } from './topology.js'

/** Options of {@link scanKeys}. */
export interface ScanKeysOptions {
  /** The glob the stored keys must match (`SCAN MATCH`). */
  match: string
  /** The `COUNT` hint of each step. */
  count: number
  /** Only keys of this Redis type (`SCAN TYPE`), e.g. `'string'`. */
  type?: string
  /** What to put in errors and logs. */
  context: ErrorContext
}

/** One SCAN step's keys and the node they live on. */
export interface ScanBatch {
  client: RedisClient
  keys: string[]
}

/**
 * Yields batches of stored keys matching `match`, node after node (each primary of the topology),
 * one batch per SCAN step (possibly empty batches are skipped). Like SCAN, a key may be yielded more
 * than once and keys written meanwhile may be missed; a key present throughout is yielded.
 */
export async function* scanKeys(
  topology: ClientTopology,
  commands: Commands,
  options: ScanKeysOptions,
): AsyncGenerator<ScanBatch> {
  const tail: (string | number)[] = ['MATCH', options.match, 'COUNT', options.count]
  if (options.type !== undefined) tail.push('TYPE', options.type)
  for (const client of await primariesOf(topology, commands, options.context)) {
    let cursor = '0'
    do {
      const reply = (await commands.callText(client, 'SCAN', [cursor, ...tail], options.context)) as [string, string[]]
      cursor = reply[0]
      if (reply[1].length > 0) yield { client, keys: reply[1] }
    } while (cursor !== '0')
  }
}

/**
 * The topology's primaries, once its writer is connected (a cluster knows its primaries only after its
 * first slot refresh): waits for the connection like any command, within `socketTimeout`.
 */
export async function primariesOf(
  topology: ClientTopology,
  commands: Commands,
  context: ErrorContext,
): Promise<RedisClient[]> {
  return commands.runner.send(topology.writer(), () => Promise.resolve(topology.primaries()), context)
}
