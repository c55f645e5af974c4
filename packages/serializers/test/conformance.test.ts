import { describe, it } from 'vitest'
import type { Serializer } from '@cachex-js/core'
import { cbor, cborSerializer, json, jsonSerializer } from '@cachex-js/serializers'
import { optionalImport } from './optional-import.js'

/** The part of `@cachex-js/testkit` used here (typed locally: the package is not a devDependency yet). */
interface Testkit {
  runSerializerSuite(serializer: Serializer, options?: { supports?: Record<string, boolean>; skip?: string[] }): void
}
const testkit = await optionalImport<Testkit>('@cachex-js/testkit')

if (testkit === undefined) {
  describe('testkit conformance suites', () => {
    it.skip('need @cachex-js/testkit as a devDependency of @cachex-js/serializers', () => {})
  })
} else {
  const everything = { bytes: true, undefined: true, date: true, map: true, set: true, bigint: true, nonFinite: true }
  testkit.runSerializerSuite(cborSerializer, { supports: everything })
  testkit.runSerializerSuite(cbor({ cycles: false }), { supports: everything })
  testkit.runSerializerSuite(cbor({ pack: true }), { supports: everything })
  // json claims only what JSON holds; every other family must be refused, not changed
  testkit.runSerializerSuite(jsonSerializer)
  testkit.runSerializerSuite(json({ compact: true, ensureAscii: false }))
  testkit.runSerializerSuite(json({ omitUndefined: true }), { skip: ['undefined'] })
}
