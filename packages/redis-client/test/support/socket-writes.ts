/** Test support: counting the writes a socket makes. */
import type { Socket } from 'node:net'

/** Counts the socket writes (`_write` and `_writev` calls) of the cache's connection. */
export function countWrites(socket: Socket): { readonly count: number } {
  const counter = { count: 0 }
  const target = socket as unknown as Record<'_write' | '_writev', ((...args: unknown[]) => unknown) | undefined>
  for (const name of ['_write', '_writev'] as const) {
    const original = target[name]
    if (original === undefined) continue
    target[name] = function (this: unknown, ...args: unknown[]) {
      counter.count += 1
      return original.apply(this, args)
    }
  }
  return counter
}
