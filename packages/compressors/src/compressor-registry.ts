import { CodecRegistry, noneCompressor, type Compressor, type RegisterCodecOptions } from '@cachex-js/core'
import { brotliCompressor } from './brotli-compressor.js'
import { deflateCompressor } from './deflate-compressor.js'
import { gzipCompressor } from './gzip-compressor.js'
import { zlibCompressor } from './zlib-compressor.js'

/** One compressor in a configuration: a registered id (`'gzip'`, `'none'`, a plugin's id) or an instance. */
export type CompressorSpec = string | Compressor

/** The `compressor` option: one spec, or a list whose first entry writes and whose entries all read. */
export type CompressorConfig = CompressorSpec | readonly CompressorSpec[]

/** Options of {@link registerCompressor}. */
export type RegisterCompressorOptions = RegisterCodecOptions

/** Options of {@link resolveCompressors}. */
export interface ResolveCompressorsOptions {
  /** The configuration field named in `E_CONFIG` errors. Default `'options.compressor'`. */
  field?: string
}

const registry: CodecRegistry<Compressor> = new CodecRegistry<Compressor>({
  kind: 'compressor',
  globalKey: '@cachex-js/compressors.registry',
  builtIns: [noneCompressor, gzipCompressor, deflateCompressor, zlibCompressor, brotliCompressor],
  check: (candidate, id) =>
    typeof candidate.compress !== 'function' || typeof candidate.decompress !== 'function'
      ? `compressor '${id}' must have compress() and decompress() methods`
      : typeof candidate.minLength !== 'number' || !(candidate.minLength >= 0)
        ? `compressor '${id}': minLength must be a number >= 0`
        : undefined,
})

/** Throws `E_CONFIG` unless `value` satisfies the `Compressor` contract of `@cachex-js/core`. */
export function assertCompressor(value: unknown, field = 'compressor'): asserts value is Compressor {
  registry.assert(value, field)
}

/**
 * Makes a compressor available by its id, so configurations can name it (`compressor: ['zstd', 'gzip']`).
 * Registering the same instance twice is a no-op; another instance under a taken id throws `E_CONFIG`
 * unless `replace` is set.
 */
export function registerCompressor(compressor: Compressor, options: RegisterCompressorOptions = {}): void {
  registry.register(compressor, options)
}

/** The compressor registered under `id`, or `undefined`. */
export function getCompressor(id: string): Compressor | undefined {
  return registry.get(id)
}

/** The ids of every registered compressor, built-ins (`none`, `gzip`, `deflate`, `zlib`, `brotli`) first. */
export function compressorIds(): string[] {
  return registry.ids()
}

/**
 * Turns a `compressor` configuration into instances, first one the writer: `undefined` or `'none'` -> `[]`
 * (no compression), `'gzip'` -> `[gzip]`, `['none', 'gzip']` -> `[none, gzip]` (write uncompressed, still
 * read gzip). Throws `E_CONFIG` naming the field and the bad id for an unknown id, an invalid object, an
 * empty list or two entries with the same id.
 */
export function resolveCompressors(
  config: CompressorConfig | undefined,
  options: ResolveCompressorsOptions = {},
): Compressor[] {
  if (config === undefined || config === 'none') return []
  return registry.resolve(config, options.field ?? 'options.compressor', " (or 'none')")
}
