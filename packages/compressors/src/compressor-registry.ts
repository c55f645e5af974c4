import { ConfigError, noneCompressor, type Compressor } from '@cachex-js/core'
import { brotliCompressor } from './brotli-compressor.js'
import { deflateCompressor } from './deflate-compressor.js'
import { gzipCompressor } from './gzip-compressor.js'
import { zlibCompressor } from './zlib-compressor.js'

/** One compressor in a configuration: a registered id (`'gzip'`, `'none'`, a plugin's id) or an instance. */
export type CompressorSpec = string | Compressor

/** The `compressor` option: one spec, or a list whose first entry writes and whose entries all read. */
export type CompressorConfig = CompressorSpec | readonly CompressorSpec[]

/** Options of {@link registerCompressor}. */
export interface RegisterCompressorOptions {
  /** Replace a compressor already registered under the same id (including a built-in). Default `false`. */
  replace?: boolean
}

/** Options of {@link resolveCompressors}. */
export interface ResolveCompressorsOptions {
  /** The configuration field named in `E_CONFIG` errors. Default `'options.compressor'`. */
  field?: string
}

const validId = /^[\x21-\x7e]{1,32}$/

// One registry per process, even when both the ESM and the CJS build of this package are loaded.
const registryKey = Symbol.for('@cachex-js/compressors.registry')
type GlobalWithRegistry = typeof globalThis & { [registryKey]?: Map<string, Compressor> }
const globalObject = globalThis as GlobalWithRegistry
const registry = (globalObject[registryKey] ??= new Map<string, Compressor>())
for (const builtIn of [noneCompressor, gzipCompressor, deflateCompressor, zlibCompressor, brotliCompressor]) {
  if (!registry.has(builtIn.id)) registry.set(builtIn.id, builtIn)
}

/** Throws `E_CONFIG` unless `value` satisfies the `Compressor` contract of `@cachex-js/core`. */
export function assertCompressor(value: unknown, field = 'compressor'): asserts value is Compressor {
  const candidate = value as Partial<Compressor> | null
  const id = typeof candidate === 'object' && candidate !== null ? candidate.id : undefined
  const problem =
    typeof candidate !== 'object' || candidate === null
      ? `expected a compressor id or object, got ${candidate === null ? 'null' : typeof candidate}`
      : typeof id !== 'string' || !validId.test(id)
        ? `a compressor id must be 1-32 printable ASCII characters, got ${JSON.stringify(id)}`
        : typeof candidate.compress !== 'function' || typeof candidate.decompress !== 'function'
          ? `compressor '${id}' must have compress() and decompress() methods`
          : typeof candidate.minLength !== 'number' || !(candidate.minLength >= 0)
            ? `compressor '${id}': minLength must be a number >= 0`
            : undefined
  if (problem !== undefined) {
    throw new ConfigError(`${field}: ${problem}`, {
      context: { field, ...(typeof id === 'string' ? { codec: id } : {}) },
    })
  }
}

/**
 * Makes a compressor available by its id, so configurations can name it (`compressor: ['zstd', 'gzip']`).
 * Registering the same instance twice is a no-op; another instance under a taken id throws `E_CONFIG`
 * unless `replace` is set.
 */
export function registerCompressor(compressor: Compressor, options: RegisterCompressorOptions = {}): void {
  assertCompressor(compressor)
  const existing = registry.get(compressor.id)
  if (existing !== undefined && existing !== compressor && options.replace !== true) {
    throw new ConfigError(
      `compressor id '${compressor.id}' is already registered; pass { replace: true } to replace it`,
      { context: { field: 'compressor', codec: compressor.id } },
    )
  }
  registry.set(compressor.id, compressor)
}

/** The compressor registered under `id`, or `undefined`. */
export function getCompressor(id: string): Compressor | undefined {
  return registry.get(id)
}

/** The ids of every registered compressor, built-ins (`none`, `gzip`, `deflate`, `zlib`, `brotli`) first. */
export function compressorIds(): string[] {
  return [...registry.keys()]
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
  const field = options.field ?? 'options.compressor'
  if (config === undefined || config === 'none') return []
  const list = Array.isArray(config) ? (config as readonly CompressorSpec[]) : [config as CompressorSpec]
  if (list.length === 0)
    throw new ConfigError(`${field}: needs at least one compressor (or 'none')`, { context: { field } })
  const seen = new Set<string>()
  return list.map((spec, index) => {
    const itemField = Array.isArray(config) ? `${field}[${index}]` : field
    let compressor: Compressor
    if (typeof spec === 'string') {
      const found = registry.get(spec)
      if (found === undefined) {
        throw new ConfigError(
          `${itemField}: unknown compressor '${spec}'; registered: ${compressorIds().join(', ')} ` +
            `(register a plugin with registerCompressor())`,
          { context: { field: itemField, codec: spec } },
        )
      }
      compressor = found
    } else {
      assertCompressor(spec, itemField)
      compressor = spec
    }
    if (seen.has(compressor.id)) {
      throw new ConfigError(`${itemField}: compressor '${compressor.id}' is listed twice`, {
        context: { field: itemField, codec: compressor.id },
      })
    }
    seen.add(compressor.id)
    return compressor
  })
}
