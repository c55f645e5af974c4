import { runSerializerSuite } from '@cachex-js/testkit'
import { msgpack, msgpackSerializer } from '@cachex-js/serializer-msgpack'

const everything = {
  bytes: true,
  undefined: true,
  date: true,
  map: true,
  set: true,
  bigint: true,
  nonFinite: true,
}

// The plugin passes the same conformance suite as the built-ins, with no change to core.
runSerializerSuite(msgpackSerializer, { supports: everything })
runSerializerSuite(msgpack({ cycles: false }), { supports: everything })
