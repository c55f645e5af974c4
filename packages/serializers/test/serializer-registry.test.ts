import { describe, expect, it } from 'vitest'
import type { Serializer } from '@cachex-js/core'
import {
  cbor,
  cborSerializer,
  getSerializer,
  jsonSerializer,
  registerSerializer,
  resolveSerializers,
  serializerIds,
} from '@cachex-js/serializers'

function configError(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    expect(error).toMatchObject({ code: 'E_CONFIG' })
    return error as Error & { context: Record<string, unknown> }
  }
  throw new Error('expected E_CONFIG')
}

/** A serializer as a third party would write it: nothing but the core contract. */
function textPlugin(id: string): Serializer {
  return {
    id,
    serialize: (value) => new TextEncoder().encode(String(value)),
    deserialize: (bytes) => new TextDecoder().decode(bytes),
  }
}

describe('serializer registry', () => {
  it('has the built-ins registered', () => {
    expect(getSerializer('cbor')).toBe(cborSerializer)
    expect(getSerializer('json')).toBe(jsonSerializer)
    expect(serializerIds().slice(0, 2)).toEqual(['cbor', 'json'])
    expect(getSerializer('nope')).toBeUndefined()
  })

  it('resolves specs to instances, the first one the writer', () => {
    expect(resolveSerializers(undefined)).toEqual([cborSerializer])
    expect(resolveSerializers('json')).toEqual([jsonSerializer])
    const custom = cbor({ cycles: false })
    expect(resolveSerializers(['json', custom])).toEqual([jsonSerializer, custom])
    expect(resolveSerializers(custom)).toEqual([custom])
  })

  it('names the field and the bad id of an unknown serializer', () => {
    const error = configError(() => resolveSerializers(['cbor', 'msgpak']))
    expect(error.message).toContain("unknown serializer 'msgpak'")
    expect(error.message).toContain('cbor, json')
    expect(error.context).toEqual({ field: 'options.serializer[1]', codec: 'msgpak' })
    expect(configError(() => resolveSerializers('x', { field: 'serializer' })).context.field).toBe('serializer')
  })

  it('rejects empty lists, duplicates and objects that break the contract', () => {
    configError(() => resolveSerializers([]))
    expect(configError(() => resolveSerializers(['cbor', cbor()])).message).toContain('listed twice')
    const bad: unknown[] = [null, 42, {}, { id: '', serialize() {}, deserialize() {} }, { id: 'x'.repeat(33) }]
    bad.push({ id: 'has space', serialize() {}, deserialize() {} }, { id: 'x', serialize() {} })
    bad.push({ id: 'x', serialize() {}, deserialize() {}, unframed: 'yes' })
    for (const spec of bad) configError(() => resolveSerializers(spec as Serializer))
  })

  it('lets a plugin register by id, without any change to core', () => {
    const plugin = textPlugin('test-text-1')
    expect(() => resolveSerializers('test-text-1')).toThrow()
    registerSerializer(plugin)
    registerSerializer(plugin) // same instance: no-op
    expect(getSerializer('test-text-1')).toBe(plugin)
    expect(resolveSerializers(['test-text-1', 'cbor'])).toEqual([plugin, cborSerializer])
    expect(serializerIds()).toContain('test-text-1')
  })

  it('refuses to silently replace a registered id, unless asked', () => {
    registerSerializer(textPlugin('test-text-2'))
    const other = textPlugin('test-text-2')
    expect(configError(() => registerSerializer(other)).context.codec).toBe('test-text-2')
    registerSerializer(other, { replace: true })
    expect(getSerializer('test-text-2')).toBe(other)
    configError(() => registerSerializer(cbor()))
  })

  it('keeps one registry per process (shared by the ESM and CJS builds)', () => {
    const key = Symbol.for('@cachex-js/serializers.registry')
    const shared = (globalThis as unknown as Record<symbol, Map<string, Serializer>>)[key]
    expect(shared?.get('cbor')).toBe(cborSerializer)
  })
})
