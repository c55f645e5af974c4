import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createCodecPipeline, isCachexError } from '@cachex-js/core'
import { cbor, json, resolveSerializers } from '@cachex-js/serializers'
import djangoRedis from './fixtures/django-redis-json.json'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('interop: json through the core pipeline stores what django-redis stores', () => {
  const pipeline = createCodecPipeline({ serializers: resolveSerializers('json') })
  const cases: [unknown, string][] = [
    [{ a: [1, 2.5, 'x', null, true] }, '{"a": [1, 2.5, "x", null, true]}'],
    [42, '42'],
    [-7, '-7'],
    [2.5, '2.5'],
    [true, 'true'],
    [null, 'null'],
    ['x', '"x"'],
    ['héllo', '"h\\u00e9llo"'],
    [[], '[]'],
    [{ n: 1e-7, big: 1e21 }, '{"n": 1e-07, "big": 1e+21}'],
  ]
  for (const [value, stored] of cases) {
    it(`stores ${JSON.stringify(value)} as ${stored}, and reads it back`, () => {
      const bytes = pipeline.encode(value)
      expect(Buffer.from(bytes).toString('latin1')).toBe(stored)
      expect(pipeline.decode(bytes)).toStrictEqual(value)
    })
  }

  // fixtures: what django-redis 5.2.0 stores for the same values (DefaultClient.encode + redis-py's Encoder)
  for (const [name, { value_json, stored }] of Object.entries(djangoRedis.cases)) {
    it(`stores ${name} byte for byte as django-redis does, and reads django-redis's bytes`, () => {
      const value: unknown = value_json === null ? '\ud800x' : JSON.parse(value_json)
      expect(Buffer.from(pipeline.encode(value)).toString('latin1')).toBe(stored)
      expect(pipeline.decode(Buffer.from(stored, 'latin1'))).toStrictEqual(value)
    })
  }

  it('reads bytes Python wrote (json.dumps with its defaults)', () => {
    expect(pipeline.decode(utf8('{"a": [1, 2.5, "x", null, true]}'))).toEqual({ a: [1, 2.5, 'x', null, true] })
    expect(pipeline.decode(utf8('{"cl\\u00e9": "\\ud83d\\ude00"}'))).toEqual({ clé: '😀' })
    expect(pipeline.decode(utf8('42'))).toBe(42)
  })

  it('refuses what JSON cannot hold with E_SERIALIZATION whose cause names the path', () => {
    try {
      pipeline.encode({ when: new Date(0) })
      expect.unreachable()
    } catch (error) {
      expect(isCachexError(error, 'E_SERIALIZATION')).toBe(true)
      expect((error as Error & { cause: { context: unknown } }).cause.context).toEqual({
        codec: 'json',
        path: '$["when"]',
      })
    }
  })
})

describe('switching serializers keeps data readable (no compression)', () => {
  const values: unknown[] = [{ a: [1, 2.5, 'x', null, true] }, 'text', 2.5, [{ deep: { deeper: ['é'] } }], -0, true]
  const writers = [
    cbor(),
    cbor({ cycles: false }),
    cbor({ pack: true }),
    json(),
    json({ compact: true }),
    json({ ensureAscii: false }),
  ]
  const readerConfigs = [['cbor', 'json'], ['json', 'cbor'], ['cbor'], ['json']] as const

  for (const writer of writers) {
    for (const config of readerConfigs) {
      if (!(config as readonly string[]).includes(writer.id)) continue
      it(`${writer.id} writer (${writer === writers[0] ? 'default' : 'custom'}) -> reader [${config.join(', ')}]`, () => {
        const write = createCodecPipeline({ serializers: [writer] })
        const read = createCodecPipeline({ serializers: resolveSerializers(config) })
        for (const value of values) expect(read.decode(write.encode(value))).toStrictEqual(value)
      })
    }
  }

  it('a reader that does not know the writer refuses with E_DESERIALIZATION, never a wrong value', () => {
    const cborBytes = createCodecPipeline({ serializers: [cbor()] }).encode({ a: 1 })
    const jsonBytes = createCodecPipeline({ serializers: [json()] }).encode({ a: 1 })
    expect(() => createCodecPipeline({ serializers: [json()] }).decode(cborBytes)).toThrowError(
      expect.objectContaining({ code: 'E_DESERIALIZATION' }),
    )
    expect(() => createCodecPipeline({ serializers: [cbor()] }).decode(jsonBytes)).toThrowError(
      expect.objectContaining({ code: 'E_DESERIALIZATION' }),
    )
  })
})

describe('corrupt and truncated bytes through the pipeline', () => {
  const pipeline = createCodecPipeline({ serializers: resolveSerializers(['cbor', 'json']) })
  const jsonPipeline = createCodecPipeline({ serializers: resolveSerializers(['json', 'cbor']) })

  it('every truncation of a cbor frame or of stored JSON text is E_DESERIALIZATION', () => {
    const value = { list: [1, 2.5, 'x'], nested: { s: 'text' } }
    for (const stored of [pipeline.encode(value), jsonPipeline.encode(value)]) {
      for (let i = 0; i < stored.length; i++) {
        expect(() => pipeline.decode(stored.subarray(0, i)), `prefix ${i}`).toThrowError(
          expect.objectContaining({ code: 'E_DESERIALIZATION' }),
        )
      }
    }
  })

  it('arbitrary bytes give a value or E_DESERIALIZATION, never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 48 }),
          fc.uint8Array({ maxLength: 48 }).map((b) => Uint8Array.of(0, 1, 4, ...utf8('cbor'), 0, ...b)),
        ),
        (bytes) => {
          try {
            pipeline.decode(bytes)
          } catch (error) {
            expect(isCachexError(error, 'E_DESERIALIZATION'), String(error)).toBe(true)
          }
        },
      ),
      { numRuns: 3000 },
    )
  })
})
