/**
 * @cachex-js/testkit: conformance suites any cachex backend, serializer or compressor runs with its own
 * factory (vitest), and (at `@cachex-js/testkit/redis`) a real redis-server harness.
 */
export { runCacheSuite } from './suites/cache-suite.js'
export type {
  CacheFactoryOptions,
  CacheSuiteCapabilities,
  CacheSuiteContext,
  CacheSuiteOptions,
} from './suites/cache-suite-context.js'
export { runSerializerSuite, type SerializerFamilies, type SerializerSuiteOptions } from './suites/serializer-suite.js'
export { runCompressorSuite, type CompressorSuiteOptions } from './suites/compressor-suite.js'
export { settleWithin, eventually, sleep, type Settled } from './settle.js'
