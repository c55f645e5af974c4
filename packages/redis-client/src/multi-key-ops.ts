/**
 * `getMany`, `setMany` and the UNLINK behind `deleteMany`/`deletePattern`: the keys are split as the
 * topology says (every key on a single server; by node, then by slot, on a cluster). Each node gets one
 * request (one round trip), all nodes in parallel: one MGET, UNLINK or setMany script per slot inside it.
 */
import { resolveExpiry, type ErrorContext, type Timeout } from '@cachex-js/core'
import type { CacheContext } from './cache-context.js'
import { evalCommand, unwrap, type RedisCommand } from './commands.js'
import { msetThenExpire, SET_MANY } from './scripts.js'
import type { ClientRole, KeyGroup } from './topology.js'

/**
 * The topology's key groups, grouped once the client is connected: a cluster knows which node serves which
 * slot only after its first slot refresh (before, every slot would be a group of its own). No wait at all
 * when the client is ready; otherwise waits like any command, within `socketTimeout`.
 */
export async function groupKeysWhenReady(
  context: CacheContext,
  fullKeys: readonly string[],
  role: ClientRole,
  errorContext: ErrorContext,
): Promise<KeyGroup[]> {
  const groups = context.topology.groupKeys(fullKeys, role)
  const connecting = groups.find((group) => group.client.status !== 'ready')
  if (connecting === undefined) return groups
  await context.runner.send(connecting.client, () => Promise.resolve(), errorContext)
  return context.topology.groupKeys(fullKeys, role)
}

/** The positions of a group split by slot (one sub-group when the topology needs no split). */
function slotGroups(group: KeyGroup): number[][] {
  return group.slots ?? [group.indexes]
}

/**
 * Sends one multi-key command per slot of `group` (one command, or one pipeline of them: one round trip)
 * and resolves their replies in the order of {@link slotGroups}.
 */
async function perSlot(
  context: CacheContext,
  group: KeyGroup,
  name: string,
  fullKeys: readonly string[],
  errorContext: ErrorContext,
): Promise<unknown[]> {
  const commands = slotGroups(group).map((positions): RedisCommand => ({
    name,
    args: positions.map((i) => fullKeys[i]!),
  }))
  if (commands.length === 1) return [await context.commands.call(group.client, name, commands[0]!.args, errorContext)]
  return (await context.commands.batch(group.client, commands, errorContext)).map(unwrap)
}

/** `getMany`: MGET per slot, one round trip per node; misses are left out, a cached `null` is kept. */
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
  const groups = await groupKeysWhenReady(context, fullKeys, 'replica', errorContext)
  const only = groups.length === 1 ? groups[0]! : undefined
  if (only !== undefined && only.slots === undefined && isIdentity(only.indexes, fullKeys.length)) {
    // Every key in one MGET, in order (a single server): no regrouping of the replies.
    const replies = (await context.commands.call(only.client, 'MGET', fullKeys, errorContext)) as (Buffer | null)[]
    for (let index = 0; index < userKeys.length; index++) {
      const bytes = replies[index]
      if (bytes !== null && bytes !== undefined) store(found, userKeys[index]!, context.codec.decode(bytes) as T)
    }
    return found
  }
  const stored = new Array<Buffer | null | undefined>(fullKeys.length)
  await Promise.all(
    groups.map(async (group) => {
      const replies = (await perSlot(context, group, 'MGET', fullKeys, errorContext)) as (Buffer | null)[][]
      slotGroups(group).forEach((positions, s) => {
        positions.forEach((index, k) => (stored[index] = replies[s]![k]))
      })
    }),
  )
  userKeys.forEach((key, index) => {
    const bytes = stored[index]
    if (bytes !== null && bytes !== undefined) store(found, key, context.codec.decode(bytes) as T)
  })
  return found
}

/** `found[key] = value`; a key named `__proto__` becomes an own property, not the result's prototype. */
function store<T>(found: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(found, key, { value, enumerable: true, writable: true, configurable: true })
  else found[key] = value
}

/** Whether `indexes` is `0, 1, ... length - 1`. */
function isIdentity(indexes: readonly number[], length: number): boolean {
  if (indexes.length !== length) return false
  for (let i = 0; i < length; i++) if (indexes[i] !== i) return false
  return true
}

/** UNLINKs `fullKeys` (one UNLINK per slot, one round trip per node); resolves how many existed. */
export async function unlinkKeys(
  context: CacheContext,
  fullKeys: readonly string[],
  errorContext: ErrorContext,
): Promise<number> {
  const groups = await groupKeysWhenReady(context, fullKeys, 'primary', errorContext)
  const counts = await Promise.all(
    groups.map(async (group) => {
      const replies = await perSlot(context, group, 'UNLINK', fullKeys, errorContext)
      return replies.reduce<number>((sum, reply) => sum + Number(reply), 0)
    }),
  )
  return counts.reduce((sum, count) => sum + count, 0)
}

/**
 * `setMany`: every value is encoded first (`E_SERIALIZATION` writes nothing), then written atomically, in one
 * round trip per node. On a single server (or sentinel): one MSET, inside MULTI/EXEC with one `EXPIRE_EACH`
 * script call when there is a timeout (the values never pass through Lua, which costs the server 3-4x the CPU on
 * large values). On a cluster: one {@link SET_MANY} script call per slot (a cluster transaction cannot span
 * slots), a pipeline of them per node. Resolves the user keys that were not written (all of a node's when its
 * write failed and `ignoreExceptions` absorbed the failure). A timeout `<= 0` deletes them all.
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
  const ttl = expiry.kind === 'expire' ? expiry.ms : ''
  const failed = new Set<number>()
  const groups = await groupKeysWhenReady(context, fullKeys, 'primary', errorContext)
  await Promise.all(
    groups.map(async (group) => {
      const blocks = slotGroups(group)
      const written = await context.runner.guard(
        errorContext,
        async () => {
          if (group.slots === undefined) {
            await writeAll(context, group, fullKeys, encoded, ttl, errorContext)
            return true
          }
          const calls = blocks.map((positions) => ({
            keys: positions.map((index) => fullKeys[index]!),
            args: [...positions.map((index) => encoded[index]!), ttl],
          }))
          if (calls.length === 1) {
            await context.commands.script(group.client, SET_MANY, calls[0]!.keys, calls[0]!.args, errorContext)
            return true
          }
          const commands = calls.map(({ keys, args }) => evalCommand(SET_MANY, keys, args))
          ;(await context.commands.batch(group.client, commands, errorContext)).forEach(unwrap)
          return true
        },
        () => false,
      )
      if (!written) for (const positions of blocks) for (const index of positions) failed.add(index)
    }),
  )
  return entries.filter((_, index) => failed.has(index)).map(([key]) => key)
}

/**
 * Sets the keys of a group that needs no per-slot split (a single server): one MSET (atomic), or with a timeout
 * `MULTI, MSET, EVAL EXPIRE_EACH, EXEC` ({@link msetThenExpire}).
 */
async function writeAll(
  context: CacheContext,
  group: KeyGroup,
  fullKeys: readonly string[],
  encoded: readonly Buffer[],
  ttl: number | '',
  errorContext: ErrorContext,
): Promise<void> {
  const pairs = new Array<string | Buffer>(group.indexes.length * 2)
  group.indexes.forEach((index, i) => {
    pairs[2 * i] = fullKeys[index]!
    pairs[2 * i + 1] = encoded[index]!
  })
  if (ttl === '') {
    await context.commands.call(group.client, 'MSET', pairs, errorContext)
    return
  }
  await context.runner.transaction(group.client, msetThenExpire(pairs, [ttl]), errorContext)
}
