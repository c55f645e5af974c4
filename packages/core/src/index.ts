export * from './errors.js'
export type { Serializer, Compressor } from './codec.js'
export type {
  BaseCacheOptions,
  Cache,
  ExtendedCache,
  GetOrSetOptions,
  KeyFunction,
  Logger,
  ReverseKeyFunction,
  ScanOptions,
  SetManyInput,
  SetOptions,
  Timeout,
  ValueFactory,
  VersionOptions,
} from './cache.js'
export {
  CodecPipeline,
  createCodecPipeline,
  noneCompressor,
  DEFAULT_MAX_DECOMPRESSED_SIZE,
  type CodecPipelineOptions,
  type StoredForm,
} from './codec-pipeline.js'
export { v8Serializer } from './v8-serializer.js'
export {
  KeySpace,
  defaultKeyFunction,
  defaultReverseKeyFunction,
  assertKey,
  assertVersion,
  type VersionMove,
} from './key-space.js'
export { globEscape, globToRegExp } from './glob.js'
export { resolveExpiry, secondsToMs, assertTimeout, MAX_EXPIRY_MS, type Expiry } from './timeout.js'
export { addToInteger, parseDecimalInteger, isSafeBigInt } from './integer.js'
export { toEntries } from './set-many-input.js'
export { SingleFlight, type FlightOutcome } from './single-flight.js'
export { MemoryStore, type MemoryStoreOptions, type MemoryEntry } from './memory-store.js'
export { MemoryCache, type MemoryCacheOptions } from './memory-cache.js'
export {
  CodecRegistry,
  type CodecRegistryOptions,
  type CodecSpec,
  type RegisterCodecOptions,
} from './codec-registry.js'
