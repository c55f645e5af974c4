import { describe, it } from 'vitest'
import type { Compressor } from '@cachex-js/core'
import {
  brotli,
  brotliCompressor,
  deflate,
  deflateCompressor,
  gzip,
  gzipCompressor,
  zlib,
  zlibCompressor,
} from '@cachex-js/compressors'
import { optionalImport } from './optional-import.js'

/** The part of `@cachex-js/testkit` used here (typed locally: the package is not a devDependency yet). */
interface Testkit {
  runCompressorSuite(compressor: Compressor, options?: { largeSize?: number }): void
}
const testkit = await optionalImport<Testkit>('@cachex-js/testkit')

if (testkit === undefined) {
  describe('testkit conformance suites', () => {
    it.skip('need @cachex-js/testkit as a devDependency of @cachex-js/compressors', () => {})
  })
} else {
  for (const compressor of [gzipCompressor, deflateCompressor, zlibCompressor, brotliCompressor]) {
    testkit.runCompressorSuite(compressor)
  }
  for (const compressor of [
    gzip({ level: 1 }),
    deflate({ level: 9, mem: 12 }),
    zlib({ minLength: 0 }),
    brotli({ quality: 0 }),
  ]) {
    testkit.runCompressorSuite(compressor)
  }
}
