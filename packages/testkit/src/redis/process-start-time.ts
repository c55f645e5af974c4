import { readFileSync } from 'node:fs'

/** Start time of a process (clock ticks since boot, from /proc), to tell a pid from a reused one; null without /proc. */
export function processStartTime(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}
