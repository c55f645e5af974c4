/**
 * `@cachex-js/compressors`: the built-in compressors of cachex (`gzip`, `deflate`, `zlib` on fflate,
 * `brotli` on node:zlib), every one bounded by `maxDecompressedSize`, and the registry that lets a
 * configuration name a compressor by id, plugins included.
 */
export { gzip, gzipCompressor } from './gzip-compressor.js'
export { deflate, deflateCompressor } from './deflate-compressor.js'
export { zlib, zlibCompressor } from './zlib-compressor.js'
export { brotli, brotliCompressor, type BrotliCompressorOptions } from './brotli-compressor.js'
export { DEFAULT_MIN_LENGTH, type FflateCompressorOptions } from './compressor-options.js'
export {
  assertCompressor,
  compressorIds,
  getCompressor,
  registerCompressor,
  resolveCompressors,
  type CompressorConfig,
  type CompressorSpec,
  type RegisterCompressorOptions,
  type ResolveCompressorsOptions,
} from './compressor-registry.js'
