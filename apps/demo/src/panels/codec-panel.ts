/**
 * The codec panel: one sample value stored by every serializer/compressor pair, with the bytes Redis holds
 * for each (size, what the frame header names, the first bytes), and whether the main cache reads it back.
 * On MemoryCache the bytes come from the same codec pipelines, without storing.
 */
import type { FastifyInstance } from 'fastify'
import { createCodecPipeline, resolveCompressors, resolveSerializers } from 'cachex'
import { COMPRESSORS, SERIALIZERS, type DemoContext } from '../demo-context.js'

/** The default sample: an API response of the kind people cache (about 2 KB of JSON). */
export function defaultSample(): unknown {
  return {
    page: 1,
    products: Array.from({ length: 16 }, (_, i) => ({
      id: 1000 + i,
      name: `Product ${i}`,
      tags: ['cache', 'redis', 'node'],
      price: 9.99 + i,
      inStock: i % 3 !== 0,
    })),
  }
}

/** One row of the codec panel. */
export interface CodecRow {
  serializer: string
  compressor: string
  bytes: number
  header: string
  preview: string
  readsBack: boolean
}

function preview(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, 24)).toString('hex').replace(/(..)/g, '$1 ').trim()
}

/** `POST /api/codecs { sample? }`. */
export function registerCodecPanel(app: FastifyInstance, ctx: DemoContext): void {
  app.post<{ Body: { sample?: unknown } | undefined }>('/api/codecs', async (request) => {
    const sample = request.body?.sample ?? defaultSample()
    const json = Buffer.byteLength(JSON.stringify(sample))
    const rows: CodecRow[] = []
    for (const serializer of SERIALIZERS) {
      for (const compressor of COMPRESSORS) {
        const name = `${serializer}+${compressor}`
        const codecCache = ctx.codecCaches.get(name)
        const pipeline =
          codecCache?.codec ??
          createCodecPipeline({
            serializers: resolveSerializers(serializer),
            compressors: resolveCompressors(compressor),
          })
        let bytes: Uint8Array
        let readsBack: boolean
        if (codecCache !== undefined) {
          const key = `codec:${name}`
          await codecCache.set(key, sample, 600)
          bytes = (await codecCache.getConnection().getBuffer(codecCache.makeKey(key))) ?? Buffer.alloc(0)
          // The main cache lists every serializer and compressor, so it reads what any pair wrote.
          readsBack = JSON.stringify(await ctx.cache.get(key)) === JSON.stringify(sample)
        } else {
          bytes = pipeline.encode(sample)
          readsBack = JSON.stringify(pipeline.decode(bytes)) === JSON.stringify(sample)
        }
        const form = pipeline.inspect(bytes)
        const header =
          form.format === 'frame'
            ? `frame: ${form.serializer}${form.compressor ? ` + ${form.compressor}` : ''}`
            : form.format
        rows.push({ serializer, compressor, bytes: bytes.length, header, preview: preview(bytes), readsBack })
      }
    }
    return { jsonBytes: json, stored: ctx.mode === 'redis', rows }
  })
}
