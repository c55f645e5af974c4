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
