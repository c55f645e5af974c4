/**
 * The value move behind `incrVersion`/`decrVersion`: RENAME when both keys can meet in one command
 * (it keeps the TTL, or the lack of one, atomically); otherwise (different cluster slots) DUMP + PTTL,
 * RESTORE with that TTL, then UNLINK: the same bytes and expiry, though not atomically.
 */
import { isCachexError, type ErrorContext } from '@cachex-js/core'
import type { CacheContext } from './cache-context.js'
import { unwrap } from './commands.js'

/** Moves the value at `from` to `to` (overwriting it). Resolves `false` when `from` does not exist. */
export async function moveVersion(
  context: CacheContext,
  from: string,
  to: string,
  errorContext: ErrorContext,
): Promise<boolean> {
  const { topology, commands } = context
  const writer = topology.writer()
  if (from === to) return Number(await commands.call(writer, 'EXISTS', [from], errorContext)) > 0
  if (topology.sameSlot([from, to])) {
    try {
      await commands.call(writer, 'RENAME', [from, to], errorContext)
      return true
    } catch (error) {
      if (isCachexError(error, 'E_KEY_NOT_FOUND')) return false
      throw error
    }
  }
  const [dump, pttl] = await commands.batch(
    writer,
    [
      { name: 'DUMP', args: [from] },
      { name: 'PTTL', args: [from] },
    ],
    errorContext,
  )
  const serialized = unwrap(dump!) as Buffer | null
  const left = Number(unwrap(pttl!))
  if (serialized === null || left === -2) return false
  await commands.call(writer, 'RESTORE', [to, left === -1 ? 0 : Math.max(1, left), serialized, 'REPLACE'], errorContext)
  await commands.call(writer, 'UNLINK', [from], errorContext)
  return true
}
