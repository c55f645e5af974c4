import { describe, expect, it } from 'vitest'
import { noneCompressor, type Compressor } from '@cachex-js/core'
import {
  brotliCompressor,
  compressorIds,
  deflateCompressor,
  getCompressor,
  gzip,
  gzipCompressor,
  registerCompressor,
  resolveCompressors,
  zlibCompressor,
} from '@cachex-js/compressors'

function configError(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    expect(error).toMatchObject({ code: 'E_CONFIG' })
    return error as Error & { context: Record<string, unknown> }
  }
  throw new Error('expected E_CONFIG')
}

/** A compressor as a third party would write it: nothing but the core contract (here: reversed bytes). */
function reversePlugin(id: string): Compressor {
  return {
    id,
    minLength: 0,
    compress: (bytes) => Uint8Array.from(bytes).reverse(),
    decompress: (bytes, maxSize) => {
      if (bytes.length > maxSize) throw new Error('too large')
      return Uint8Array.from(bytes).reverse()
    },
  }
}

describe('compressor registry', () => {
  it('has the built-ins registered, none first', () => {
    expect(compressorIds().slice(0, 5)).toEqual(['none', 'gzip', 'deflate', 'zlib', 'brotli'])
    expect(getCompressor('none')).toBe(noneCompressor)
    expect(getCompressor('gzip')).toBe(gzipCompressor)
    expect(getCompressor('zstd')).toBeUndefined()
  })

  it("resolves specs: undefined and 'none' mean no compression; a list may write none and still read", () => {
    expect(resolveCompressors(undefined)).toEqual([])
    expect(resolveCompressors('none')).toEqual([])
    expect(resolveCompressors('brotli')).toEqual([brotliCompressor])
    expect(resolveCompressors(['none', 'gzip', 'zlib'])).toEqual([noneCompressor, gzipCompressor, zlibCompressor])
    const custom = gzip({ level: 9 })
    expect(resolveCompressors([custom, 'deflate'])).toEqual([custom, deflateCompressor])
  })

  it('names the field and the bad id of an unknown compressor', () => {
    const error = configError(() => resolveCompressors(['gzip', 'gzpi']))
    expect(error.message).toContain("unknown compressor 'gzpi'")
    expect(error.message).toContain('none, gzip, deflate, zlib, brotli')
    expect(error.context).toEqual({ field: 'options.compressor[1]', codec: 'gzpi' })
    expect(configError(() => resolveCompressors('lz4', { field: 'compressor' })).context.field).toBe('compressor')
  })

  it('rejects empty lists, duplicates and objects that break the contract', () => {
    configError(() => resolveCompressors([]))
    expect(configError(() => resolveCompressors(['gzip', gzip()])).message).toContain('listed twice')
    const bad: unknown[] = [null, 1, {}, { id: 'x', compress() {}, decompress() {} }, { id: '', minLength: 0 }]
    bad.push({ id: 'x', minLength: -1, compress() {}, decompress() {} }, { id: 'x', minLength: 0, compress() {} })
    for (const spec of bad) configError(() => resolveCompressors(spec as Compressor))
  })

  it('lets a plugin register by id, without any change to core', () => {
    const plugin = reversePlugin('test-reverse-1')
    configError(() => resolveCompressors('test-reverse-1'))
    registerCompressor(plugin)
    registerCompressor(plugin)
    expect(resolveCompressors(['test-reverse-1', 'gzip'])).toEqual([plugin, gzipCompressor])
  })

  it('refuses to silently replace a registered id, unless asked', () => {
    registerCompressor(reversePlugin('test-reverse-2'))
    const other = reversePlugin('test-reverse-2')
    expect(configError(() => registerCompressor(other)).context.codec).toBe('test-reverse-2')
    registerCompressor(other, { replace: true })
    expect(getCompressor('test-reverse-2')).toBe(other)
    configError(() => registerCompressor(gzip()))
  })
})
