import { cbor, cborSerializer, json, jsonSerializer } from '@cachex-js/serializers'
import * as testkit from '@cachex-js/testkit'

{
  const everything = { bytes: true, undefined: true, date: true, map: true, set: true, bigint: true, nonFinite: true }
  testkit.runSerializerSuite(cborSerializer, { supports: everything })
  testkit.runSerializerSuite(cbor({ cycles: false }), { supports: everything })
  testkit.runSerializerSuite(cbor({ pack: true }), { supports: everything })
  // json claims only what JSON holds; every other family must be refused, not changed
  testkit.runSerializerSuite(jsonSerializer)
  testkit.runSerializerSuite(json({ compact: true, ensureAscii: false }))
  testkit.runSerializerSuite(json({ omitUndefined: true }), { skip: ['undefined'] })
}
