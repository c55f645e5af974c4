/**
 * `cachex`: the Redis cache toolkit for Node.js in one package. `createCache` composes `@cachex-js/core`,
 * the codecs, `@cachex-js/redis-client`, `@cachex-js/structures` and `@cachex-js/lock` into one cache
 * object; `configureCaches` / `caches` / `getRedisConnection` are Django's `CACHES` for Node. Everything
 * else here is re-exported from those packages.
 */
export { createCache } from './create-cache.js'
export {
  caches,
  closeCaches,
  configureCaches,
  getRedisConnection,
  CacheRegistry,
  type Caches,
  type ConfiguredCaches,
} from './caches.js'
export type { CachexCache } from './cachex-cache.js'
export type {
  CacheConfig,
  CacheDefaults,
  CachexOnlyOptions,
  CachexOptions,
  ConnectionClass,
  SentinelAddress,
  SentinelSettings,
} from './cache-config.js'

// Errors (CONTRACT section 10) and the cache contract types.
export {
  CachexError,
  ErrorCode,
  errors,
  isCachexError,
  ConfigError,
  InvalidKeyError,
  KeyNotFoundError,
  NotAnIntegerError,
  SerializationError,
  DeserializationError,
  WrongTypeError,
  ConnectionError,
  TimeoutError,
  LockNotOwnedError,
  LockNotHeldError,
  NotSupportedError,
  MemoryCache,
  createCodecPipeline,
  CodecPipeline,
  type CachexErrorOptions,
  type ErrorContext,
  type BaseCacheOptions,
  type Cache,
  type ExtendedCache,
  type GetOrSetOptions,
  type KeyFunction,
  type Logger,
  type MemoryCacheOptions,
  type ReverseKeyFunction,
  type ScanOptions,
  type SetManyInput,
  type SetOptions,
  type Timeout,
  type ValueFactory,
  type VersionOptions,
  type Serializer,
  type Compressor,
  type StoredForm,
} from '@cachex-js/core'

// Serializers and compressors: built-ins and the plugin registries.
export {
  cbor,
  json,
  cborSerializer,
  jsonSerializer,
  type CborSerializerOptions,
  type JsonSerializerOptions,
  registerSerializer,
  resolveSerializers,
  serializerIds,
} from '@cachex-js/serializers'
export {
  gzip,
  deflate,
  zlib,
  brotli,
  gzipCompressor,
  deflateCompressor,
  zlibCompressor,
  brotliCompressor,
  registerCompressor,
  resolveCompressors,
  compressorIds,
  type BrotliCompressorOptions,
  type FflateCompressorOptions,
} from '@cachex-js/compressors'

// The Redis backend.
export {
  RedisCache,
  CachePipeline,
  type ClientFactory,
  type ClientTopology,
  type CompressorSpec,
  type ConnectionContext,
  type ConnectionFactory,
  type RedisCacheConfig,
  type RedisCacheOptions,
  type RedisClient,
  type RedisEndpoint,
  type RedisLocation,
  type SerializerSpec,
} from '@cachex-js/redis-client'

// Data structures and locks.
export type {
  StructureMethods,
  HashMapping,
  ScoreBound,
  ScoredMember,
  ScoreMapping,
  ZaddOptions,
  ZrangeOptions,
  ZrangeByScoreOptions,
  ListSide,
  LposOptions,
} from '@cachex-js/structures'
export {
  Lock,
  withLock,
  type AcquireOptions,
  type CacheLockOptions,
  type LockMethods,
  type LockOptions,
  type WithLockOptions,
} from '@cachex-js/lock'
