import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { type Compressor, type Serializer, v8Serializer } from '@cachex-js/core'
import { runCompressorSuite, runSerializerSuite } from '@cachex-js/testkit'

// The suites run here against codecs that need no other package: core's v8 serializer, a strict JSON
// serializer and a raw-deflate compressor, as a plugin author would run them against their own.
runSerializerSuite(v8Serializer, {
  supports: { bytes: true, undefined: true, date: true, map: true, set: true, bigint: true, nonFinite: true },
})

function strictJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, replaced: unknown) {
    const v = this[key] // the raw value: Date#toJSON has already run on \`replaced\`
    const ok =
      v === null ||
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      Array.isArray(v) ||
      (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    if (!ok) throw new TypeError(`JSON cannot represent ${typeof v}`)
    return replaced
  })
}

const json: Serializer = {
  id: 'strict-json',
  unframed: true,
  serialize: (value) => Buffer.from(strictJson(value), 'utf8'),
  deserialize: (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown,
}
runSerializerSuite(json)

const deflateRaw: Compressor = {
  id: 'deflate-raw-test',
  minLength: 256,
  compress: (bytes) => deflateRawSync(bytes),
  decompress: (bytes, maxSize) => inflateRawSync(bytes, { maxOutputLength: maxSize }),
}
runCompressorSuite(deflateRaw)
