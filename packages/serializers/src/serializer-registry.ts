import { ConfigError, type Serializer } from '@cachex-js/core'
import { cborSerializer } from './cbor-serializer.js'
import { jsonSerializer } from './json-serializer.js'

/** One serializer in a configuration: a registered id (`'cbor'`, `'json'`, a plugin's id) or an instance. */
export type SerializerSpec = string | Serializer

/** The `serializer` option: one spec, or a list whose first entry writes and whose entries all read. */
export type SerializerConfig = SerializerSpec | readonly SerializerSpec[]

/** Options of {@link registerSerializer}. */
export interface RegisterSerializerOptions {
  /** Replace a serializer already registered under the same id (including a built-in). Default `false`. */
  replace?: boolean
}

/** Options of {@link resolveSerializers}. */
export interface ResolveSerializersOptions {
  /** The configuration field named in `E_CONFIG` errors. Default `'options.serializer'`. */
  field?: string
}

const validId = /^[\x21-\x7e]{1,32}$/

// One registry per process, even when both the ESM and the CJS build of this package are loaded.
const registryKey = Symbol.for('@cachex-js/serializers.registry')
type GlobalWithRegistry = typeof globalThis & { [registryKey]?: Map<string, Serializer> }
const globalObject = globalThis as GlobalWithRegistry
const registry = (globalObject[registryKey] ??= new Map<string, Serializer>())
for (const builtIn of [cborSerializer, jsonSerializer]) if (!registry.has(builtIn.id)) registry.set(builtIn.id, builtIn)

/** Throws `E_CONFIG` unless `value` satisfies the `Serializer` contract of `@cachex-js/core`. */
export function assertSerializer(value: unknown, field = 'serializer'): asserts value is Serializer {
  const candidate = value as Partial<Serializer> | null
  const id = typeof candidate === 'object' && candidate !== null ? candidate.id : undefined
  const problem =
    typeof candidate !== 'object' || candidate === null
      ? `expected a serializer id or object, got ${candidate === null ? 'null' : typeof candidate}`
      : typeof id !== 'string' || !validId.test(id)
        ? `a serializer id must be 1-32 printable ASCII characters, got ${JSON.stringify(id)}`
        : typeof candidate.serialize !== 'function' || typeof candidate.deserialize !== 'function'
          ? `serializer '${id}' must have serialize() and deserialize() methods`
          : candidate.unframed !== undefined && typeof candidate.unframed !== 'boolean'
            ? `serializer '${id}': unframed must be a boolean`
            : undefined
  if (problem !== undefined) {
    throw new ConfigError(`${field}: ${problem}`, {
      context: { field, ...(typeof id === 'string' ? { codec: id } : {}) },
    })
  }
}

/**
 * Makes a serializer available by its id, so configurations can name it (`serializer: ['msgpack', 'cbor']`).
 * Registering the same instance twice is a no-op; another instance under a taken id throws `E_CONFIG`
 * unless `replace` is set.
 */
export function registerSerializer(serializer: Serializer, options: RegisterSerializerOptions = {}): void {
  assertSerializer(serializer)
  const existing = registry.get(serializer.id)
  if (existing !== undefined && existing !== serializer && options.replace !== true) {
    throw new ConfigError(
      `serializer id '${serializer.id}' is already registered; pass { replace: true } to replace it`,
      { context: { field: 'serializer', codec: serializer.id } },
    )
  }
  registry.set(serializer.id, serializer)
}

/** The serializer registered under `id`, or `undefined`. */
export function getSerializer(id: string): Serializer | undefined {
  return registry.get(id)
}

/** The ids of every registered serializer, built-ins (`cbor`, `json`) first. */
export function serializerIds(): string[] {
  return [...registry.keys()]
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
  const field = options.field ?? 'options.serializer'
  if (config === undefined) return [cborSerializer]
  const list = Array.isArray(config) ? (config as readonly SerializerSpec[]) : [config as SerializerSpec]
  if (list.length === 0) throw new ConfigError(`${field}: needs at least one serializer`, { context: { field } })
  const seen = new Set<string>()
  return list.map((spec, index) => {
    const itemField = Array.isArray(config) ? `${field}[${index}]` : field
    let serializer: Serializer
    if (typeof spec === 'string') {
      const found = registry.get(spec)
      if (found === undefined) {
        throw new ConfigError(
          `${itemField}: unknown serializer '${spec}'; registered: ${serializerIds().join(', ')} ` +
            `(register a plugin with registerSerializer())`,
          { context: { field: itemField, codec: spec } },
        )
      }
      serializer = found
    } else {
      assertSerializer(spec, itemField)
      serializer = spec
    }
    if (seen.has(serializer.id)) {
      throw new ConfigError(`${itemField}: serializer '${serializer.id}' is listed twice`, {
        context: { field: itemField, codec: serializer.id },
      })
    }
    seen.add(serializer.id)
    return serializer
  })
}
