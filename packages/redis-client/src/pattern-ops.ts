/**
 * The SCAN-based operations: `keys`, `iterKeys`, `deletePattern`, `clear` and `reinsertKeys`.
 * Patterns apply to user keys; the key space escapes the prefix and version (CONTRACT section 2).
 */
import type { ErrorContext } from '@cachex-js/core'
import type { CacheContext } from './cache-context.js'
import { unlinkKeys } from './multi-key-ops.js'
import { primariesOf, scanKeys } from './scan.js'
import { REPLACE_IF_EQUAL } from './scripts.js'

function itersizeOf(context: CacheContext, itersize: number | undefined): number {
  if (itersize === undefined) return context.scanItersize
  return Number.isInteger(itersize) && itersize > 0 ? itersize : context.scanItersize
}

/** Yields the user keys whose stored keys match `match` (each at least once; duplicates removed per call). */
export async function* iterateUserKeys(
  context: CacheContext,
  match: string,
  itersize: number | undefined,
  errorContext: ErrorContext,
): AsyncGenerator<string> {
  const seen = new Set<string>()
  for await (const batch of scanKeys(context.topology, context.commands, {
    match,
    count: itersizeOf(context, itersize),
    context: errorContext,
  })) {
    for (const fullKey of batch.keys) {
      if (seen.has(fullKey)) continue
      seen.add(fullKey)
      yield context.keySpace.reverseKey(fullKey)
    }
  }
}

/** Deletes (UNLINK) every stored key matching `match`; resolves how many were deleted. */
export async function deleteMatching(
  context: CacheContext,
  match: string,
  itersize: number | undefined,
  errorContext: ErrorContext,
): Promise<number> {
  let deleted = 0
  for await (const batch of scanKeys(context.topology, context.commands, {
    match,
    count: itersizeOf(context, itersize),
    context: errorContext,
  })) {
    deleted += await unlinkKeys(context, batch.keys, errorContext)
  }
  return deleted
}

/**
 * `clear`: without a prefix and a version, FLUSHDB (ASYNC: the keys are gone at once, memory is freed in
 * the background) on every primary, like Django; otherwise UNLINK the keys of the prefix (every version,
 * or `version`).
 */
export async function clearKeys(
  context: CacheContext,
  version: number | undefined,
  errorContext: ErrorContext,
): Promise<void> {
  if (context.keySpace.prefix === '' && version === undefined) {
    const primaries = await primariesOf(context.topology, context.commands, errorContext)
    await Promise.all(primaries.map((client) => context.commands.call(client, 'FLUSHDB', ['ASYNC'], errorContext)))
    return
  }
  await deleteMatching(context, context.keySpace.clearPattern(version), undefined, errorContext)
}

/**
 * `reinsertKeys`: rewrites every string value of this cache (every version) with the current serializer
 * and compressor, keeping TTLs (`SET ... KEEPTTL`, only if the value did not change meanwhile). Values
 * that do not decode are left alone. Resolves how many values are now stored with the current codec.
 */
export async function reinsertAll(context: CacheContext, errorContext: ErrorContext): Promise<number> {
  let count = 0
  for await (const batch of scanKeys(context.topology, context.commands, {
    match: context.keySpace.clearPattern(),
    count: context.scanItersize,
    type: 'string',
    context: errorContext,
  })) {
    const replies = await context.commands.batch(
      batch.client,
      batch.keys.map((key) => ({ name: 'GET', args: [key] })),
      errorContext,
    )
    const rewrites: { fullKey: string; stored: Buffer; rewritten: Buffer }[] = []
    replies.forEach((reply, index) => {
      if (!reply.ok) return // e.g. the key changed type since SCAN saw it
      const stored = reply.value as Buffer | null
      if (stored === null) return
      let rewritten: Buffer
      try {
        rewritten = context.codec.encode(context.codec.decode(stored))
      } catch {
        return // not ours, or unreadable: leave it as it is
      }
      if (rewritten.equals(stored)) count++
      else rewrites.push({ fullKey: batch.keys[index]!, stored, rewritten })
    })
    const writes = rewrites.map(({ fullKey, stored, rewritten }) =>
      context.commands
        .script(batch.client, REPLACE_IF_EQUAL, [fullKey], [stored, rewritten], errorContext)
        .then((written) => Number(written) === 1),
    )
    for (const written of await Promise.all(writes)) if (written) count++
  }
  return count
}
