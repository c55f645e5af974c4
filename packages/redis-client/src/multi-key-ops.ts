/**
 * `getMany` and `setMany`: one MGET, or one MULTI of SETs, per group of keys the topology can send
 * together (every key on a single server; one slot on a cluster).
 */
import { resolveExpiry, type ErrorContext, type Timeout } from '@cachex-js/core'
import type { CacheContext } from './cache-context.js'
import type { RedisCommand } from './commands.js'
import { unlinkKeys } from './pattern-ops.js'

/** `getMany`: MGET per group; misses are left out, a cached `null` is kept. */
export async function getMany<T>(
  context: CacheContext,
  keys: Iterable<string>,
  version: number | undefined,
  errorContext: ErrorContext,
): Promise<Record<string, T>> {
  const userKeys = [...keys]
  const fullKeys = userKeys.map((key) => context.keySpace.makeKey(key, version))
  const found: Record<string, T> = {}
  if (fullKeys.length === 0) return found
  const groups = context.topology.groupKeys(fullKeys, 'replica')
  const replies = await Promise.all(
    groups.map(
      (group) =>
        context.commands.call(
          group.client,
          'MGET',
          group.indexes.map((index) => fullKeys[index]!),
          errorContext,
        ) as Promise<(Buffer | null)[]>,
    ),
  )
  groups.forEach((group, g) => {
    group.indexes.forEach((index, position) => {
      const bytes = replies[g]![position]
      if (bytes === null || bytes === undefined) return
      found[userKeys[index]!] = context.codec.decode(bytes) as T
    })
  })
  return found
}

/**
 * `setMany`: every value is encoded first (`E_SERIALIZATION` writes nothing), then each group is written
 * in one MULTI (atomic per node). Resolves the user keys whose SET failed. A timeout `<= 0` deletes them all.
 */
export async function setMany(
  context: CacheContext,
  entries: [string, unknown][],
  timeout: Timeout,
  version: number | undefined,
  errorContext: ErrorContext,
): Promise<string[]> {
  const expiry = resolveExpiry(timeout, context.defaultTimeout)
  const fullKeys = entries.map(([key]) => context.keySpace.makeKey(key, version))
  const encoded = entries.map(([, value]) => context.codec.encode(value))
  if (entries.length === 0) return []
  if (expiry.kind === 'delete') {
    await unlinkKeys(context, [...new Set(fullKeys)], errorContext)
    return []
  }
  const failed: string[] = []
  const groups = context.topology.groupKeys(fullKeys, 'primary')
  await Promise.all(
    groups.map(async (group) => {
      const commands = group.indexes.map((index): RedisCommand => {
        const args = [fullKeys[index]!, encoded[index]!]
        return { name: 'SET', args: expiry.kind === 'expire' ? [...args, 'PX', expiry.ms] : args }
      })
      const replies = await context.runner.guard(
        errorContext,
        () => context.commands.batch(group.client, commands, errorContext, { transaction: true }),
        () => null,
      )
      group.indexes.forEach((index, position) => {
        if (replies === null || !replies[position]!.ok) failed.push(entries[index]![0])
      })
    }),
  )
  return failed
}
