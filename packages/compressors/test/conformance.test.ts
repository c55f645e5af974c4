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
import * as testkit from '@cachex-js/testkit'

{
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
