import { CodecRegistry, type RegisterCodecOptions, type Serializer } from '@cachex-js/core'
import { cborSerializer } from './cbor-serializer.js'
import { jsonSerializer } from './json-serializer.js'

/** One serializer in a configuration: a registered id (`'cbor'`, `'json'`, a plugin's id) or an instance. */
export type SerializerSpec = string | Serializer

/** The `serializer` option: one spec, or a list whose first entry writes and whose entries all read. */
export type SerializerConfig = SerializerSpec | readonly SerializerSpec[]

/** Options of {@link registerSerializer}. */
export type RegisterSerializerOptions = RegisterCodecOptions

/** Options of {@link resolveSerializers}. */
export interface ResolveSerializersOptions {
  /** The configuration field named in `E_CONFIG` errors. Default `'options.serializer'`. */
  field?: string
}

const registry: CodecRegistry<Serializer> = new CodecRegistry<Serializer>({
  kind: 'serializer',
  globalKey: '@cachex-js/serializers.registry',
  builtIns: [cborSerializer, jsonSerializer],
  check: (candidate, id) =>
    typeof candidate.serialize !== 'function' || typeof candidate.deserialize !== 'function'
      ? `serializer '${id}' must have serialize() and deserialize() methods`
      : candidate.unframed !== undefined && typeof candidate.unframed !== 'boolean'
        ? `serializer '${id}': unframed must be a boolean`
        : undefined,
})

/** Throws `E_CONFIG` unless `value` satisfies the `Serializer` contract of `@cachex-js/core`. */
export function assertSerializer(value: unknown, field = 'serializer'): asserts value is Serializer {
  registry.assert(value, field)
}

/**
 * Makes a serializer available by its id, so configurations can name it (`serializer: ['msgpack', 'cbor']`).
 * Registering the same instance twice is a no-op; another instance under a taken id throws `E_CONFIG`
 * unless `replace` is set.
 */
export function registerSerializer(serializer: Serializer, options: RegisterSerializerOptions = {}): void {
  registry.register(serializer, options)
}

/** The serializer registered under `id`, or `undefined`. */
export function getSerializer(id: string): Serializer | undefined {
  return registry.get(id)
}

/** The ids of every registered serializer, built-ins (`cbor`, `json`) first. */
export function serializerIds(): string[] {
  return registry.ids()
}

/**
 * Turns a `serializer` configuration into instances, first one the writer: `undefined` -> `[cbor]`,
 * `'json'` -> `[json]`, `['json', 'cbor', myPlugin]` -> three instances. Throws `E_CONFIG` naming the field
 * and the bad id for an unknown id, an invalid object, an empty list or two entries with the same id.
 */
export function resolveSerializers(
  config: SerializerConfig | undefined,
  options: ResolveSerializersOptions = {},
): Serializer[] {
  if (config === undefined) return [cborSerializer]
  return registry.resolve(config, options.field ?? 'options.serializer')
}
