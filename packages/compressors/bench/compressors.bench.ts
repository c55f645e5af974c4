/**
 * Compressor micro-benchmark: compression ratio and compress/decompress throughput (MB/s of uncompressed
 * data) of every built-in compressor on ~10 KB and ~1 MB of JSON text, decompressing under the default
 * `maxDecompressedSize` (512 MiB) and under a bound equal to the output size (the streaming, bounded path).
 * Each figure is the best of 5 timed rounds. `pnpm bench` in this package.
 * Not a test: numbers depend on the machine; the README records one run.
 */
import { cpus } from 'node:os'
import { DEFAULT_MAX_DECOMPRESSED_SIZE, type Compressor } from '@cachex-js/core'
import {
  brotli,
  brotliCompressor,
  deflateCompressor,
  gzip,
  gzipCompressor,
  zlibCompressor,
} from '@cachex-js/compressors'

/** Operations per second of `fn`: the best of `rounds` timed rounds of `ms` milliseconds, after a warm-up. */
function opsPerSecond(fn: () => unknown, ms: number, rounds = 5): number {
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

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(line(header))
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
  for (const row of rows) console.log(line(row))
}

const record = (i: number) => ({
  id: 10_000 + i,
  name: `User number ${i}`,
  email: `user${i}@example.com`,
  active: i % 3 !== 0,
  score: i / 7,
})
const text = (n: number) => new TextEncoder().encode(JSON.stringify(Array.from({ length: n }, (_, i) => record(i))))
const inputs: [string, Uint8Array][] = [
  ['~10 KB JSON', text(100)],
  ['~1 MB JSON', text(10_000)],
]
const compressors: [string, Compressor][] = [
  ['gzip (level 6)', gzipCompressor],
  ['gzip (level 1)', gzip({ level: 1 })],
  ['gzip (level 9)', gzip({ level: 9 })],
  ['deflate (level 6)', deflateCompressor],
  ['zlib (level 6)', zlibCompressor],
  ['brotli (quality 4)', brotliCompressor],
  ['brotli (quality 1)', brotli({ quality: 1 })],
  ['brotli (quality 9)', brotli({ quality: 9 })],
]

const cpu = cpus()
console.log(
  `Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${process.platform}/${process.arch}\n`,
)
const rows: string[][] = []
for (const [label, input] of inputs) {
  for (const [name, compressor] of compressors) {
    const packed = compressor.compress(input)
    const budget = input.length > 100_000 ? 500 : 200
    const mb = input.length / 1e6
    const compress = opsPerSecond(() => compressor.compress(input), budget) * mb
    const decompress = opsPerSecond(() => compressor.decompress(packed, DEFAULT_MAX_DECOMPRESSED_SIZE), budget) * mb
    const tight = opsPerSecond(() => compressor.decompress(packed, input.length), budget) * mb
    rows.push([
      label,
      name,
      `${input.length.toLocaleString('en')} -> ${packed.length.toLocaleString('en')}`,
      (input.length / packed.length).toFixed(2),
      compress.toFixed(1),
      decompress.toFixed(1),
      tight.toFixed(1),
    ])
  }
}
printTable(
  ['input', 'compressor', 'bytes', 'ratio', 'compress MB/s', 'decompress MB/s', 'decompress MB/s, bound = size'],
  rows,
)
