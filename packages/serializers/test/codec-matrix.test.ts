import { describe, expect, it } from 'vitest'
import { createCodecPipeline, type Compressor, type Serializer } from '@cachex-js/core'
import { cbor, json, resolveSerializers } from '@cachex-js/serializers'
import { brotli, gzip, resolveCompressors } from '@cachex-js/compressors'
import { msgpackSerializer } from '@cachex-js/serializer-msgpack'

/** Values every serializer holds (JSON's subset), small ones stored uncompressed, large ones compressed. */
const values: unknown[] = [
  { a: [1, 2.5, 'x', null, true] },
  'a string',
  2.5,
  true,
  { rows: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `row ${i}`, score: i / 7, tags: ['a', 'é'] })) },
  'long text '.repeat(500),
]

runMatrix()

function runMatrix(): void {
  describe('migration matrix: every serializer x compressor reads back everywhere', () => {
    const serializers: Serializer[] = [
      cbor(),
      cbor({ cycles: false, pack: true }),
      json(),
      json({ compact: true, ensureAscii: false }),
    ]
    serializers.push(msgpackSerializer)
    const serializerIds = [...new Set(serializers.map((s) => s.id))]
    const compressorIds = ['none', 'gzip', 'deflate', 'zlib', 'brotli']
    const writerCompressors: Compressor[][] = [
      ...compressorIds.map((id) => resolveCompressors(id)),
      [gzip({ level: 1 })],
      [brotli({ quality: 11 })],
    ]
    const readerSerializers = (first: string) => {
      const ordered = [first, ...serializerIds.filter((id) => id !== first)]
      return ordered.map((id) => serializers.find((s) => s.id === id)!)
    }
    const readers = serializerIds.flatMap((serializerFirst) =>
      compressorIds.map((compressorFirst) =>
        createCodecPipeline({
          serializers: readerSerializers(serializerFirst),
          compressors: resolveCompressors([compressorFirst, ...compressorIds.filter((id) => id !== compressorFirst)]),
        }),
      ),
    )

    for (const serializer of serializers) {
      for (const writerCompressor of writerCompressors) {
        const label = `${serializer.id} + ${writerCompressor[0]?.id ?? 'none'}`
        it(`${label}: read by all ${readers.length} configurations that know both codecs, and rewritten by each`, () => {
          const writer = createCodecPipeline({ serializers: [serializer], compressors: writerCompressor })
          const stored = values.map((value) => writer.encode(value))
          if (writerCompressor.length > 0 && writerCompressor[0]!.id !== 'none') {
            expect(writer.inspect(stored[4]!).compressor).toBe(writerCompressor[0]!.id)
          }
          for (const reader of readers) {
            values.forEach((value, i) => {
              const read = reader.decode(stored[i]!)
              expect(read).toStrictEqual(value)
              // what reinsertKeys() does: rewrite with the reader's own codecs; the original writer's config,
              // once it knows the reader's codecs too, reads that back
              const rewritten = reader.encode(read)
              expect(reader.decode(rewritten)).toStrictEqual(value)
            })
          }
        })
      }
    }

    it('a json writer without compression stores bare JSON that every reader above still reads', () => {
      const writer = createCodecPipeline({
        serializers: resolveSerializers('json'),
        compressors: resolveCompressors('none'),
      })
      const stored = writer.encode({ a: [1, 2.5, 'x', null, true] })
      expect(stored.toString()).toBe('{"a": [1, 2.5, "x", null, true]}')
      for (const reader of readers) expect(reader.decode(stored)).toEqual({ a: [1, 2.5, 'x', null, true] })
    })
  })
}
