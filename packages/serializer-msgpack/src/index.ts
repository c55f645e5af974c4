/**
 * `@cachex-js/serializer-msgpack`: a MessagePack serializer plugin for cachex, and the worked example of
 * a third-party codec built only on the public contract of `@cachex-js/core`.
 */
export { msgpack, msgpackSerializer, type MsgpackSerializerOptions } from './msgpack-serializer.js'
