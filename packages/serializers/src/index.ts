/**
 * `@cachex-js/serializers`: the built-in serializers of cachex (`cbor`, the default, and `json`, for
 * interop) and the registry that lets a configuration name a serializer by id, plugins included.
 */
export { cbor, cborSerializer, type CborSerializerOptions } from './cbor-serializer.js'
export { json, jsonSerializer, type JsonSerializerOptions } from './json-serializer.js'
export {
  assertSerializer,
  getSerializer,
  registerSerializer,
  resolveSerializers,
  serializerIds,
  type RegisterSerializerOptions,
  type ResolveSerializersOptions,
  type SerializerConfig,
  type SerializerSpec,
} from './serializer-registry.js'
