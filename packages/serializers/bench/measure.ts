import { cpus } from 'node:os'

/**
 * Operations per second of `fn`: after a warm-up, the best of `rounds` timed rounds of `ms` milliseconds
 * each (the best round is the one least disturbed by other processes on a shared machine).
 */
export function opsPerSecond(fn: () => unknown, ms = 300, rounds = 5): number {
  const warmUntil = performance.now() + ms
  while (performance.now() < warmUntil) fn()
  let best = 0
  for (let round = 0; round < rounds; round++) {
    let runs = 0
    const start = performance.now()
    do {
      fn()
      runs++
    } while (performance.now() - start < ms)
    best = Math.max(best, (runs * 1000) / (performance.now() - start))
  }
  return best
}

/** A compact human number: 1234567 -> "1.23M". */
export function human(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`
  if (n >= 100) return n.toFixed(0)
  return n.toFixed(1)
}

/** Prints rows as a Markdown table. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(line(header))
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
  for (const row of rows) console.log(line(row))
}

/** The machine line recorded with the numbers. */
export function machine(): string {
  const cpu = cpus()
  return `Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${process.platform}/${process.arch}`
}

/** A record of ~100 bytes of JSON. */
export function record(i: number) {
  return { id: 10_000 + i, name: `User number ${i}`, email: `user${i}@example.com`, active: i % 3 !== 0, score: i / 7 }
}

/** JSON-compatible values of ~100 B, ~10 KB and ~1 MB (so every serializer can hold them). */
export function sampleValues(): [string, unknown][] {
  return [
    ['small (~100 B)', record(1)],
    ['medium (~10 KB)', { page: 1, rows: Array.from({ length: 100 }, (_, i) => record(i)) }],
    ['large (~1 MB)', { page: 1, rows: Array.from({ length: 10_000 }, (_, i) => record(i)) }],
  ]
}
