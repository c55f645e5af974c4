import { describe, expect, it } from 'vitest'
import { type CacheSuiteContext, expectCode } from '../cache-suite-context.js'

const UNICODE: Record<string, unknown> = {
  ascii: 'ascii_value',
  unicode_ascii: 'Iñtërnâtiônàlizætiøn1',
  Iñtërnâtiônàlizætiøn: 'Iñtërnâtiônàlizætiøn2',
  ascii2: { x: 1 },
  'emoji 🎉': '🎉🎊 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'rtl עברית': 'שלום',
}

/** Django's data_types / unicode / binary tests, value copying, and what cannot be cached. */
export function valueTests(ctx: CacheSuiteContext): void {
  const rich = ctx.capabilities.richValues

  describe('data types', () => {
    it('round-trips a nested structure of plain types (Django test_data_types)', async () => {
      const cache = await ctx.cache()
      const stuff = {
        string: 'this is a string',
        int: 42,
        float: 1.5,
        bool: true,
        list: [1, 2, 3, 4],
        tuple: [1, 2, 3, 4],
        dict: { A: 1, B: 2 },
        none: null,
        nested: { deeper: [{ a: [1, { b: 'c' }] }] },
      }
      await cache.set('data', stuff)
      expect(await cache.get('data')).toStrictEqual(stuff)
    })

    const plain: [string, unknown][] = [
      ['a string', 'hello'],
      ['an empty string', ''],
      ['true', true],
      ['false', false],
      ['null', null],
      ['an empty object', {}],
      ['an empty array', []],
      ['an array of mixed values', [1, 'two', null, true, { three: 3 }, [4]]],
      ['a JSON-looking string', '{"a":1}'],
      ['a string with a NUL byte', 'a\u0000b'],
      ['a negative float', -0.125],
    ]
    it.each(plain)('round-trips %s', async (_label, value) => {
      const cache = await ctx.cache()
      await cache.set('v', value)
      expect(await cache.get('v')).toStrictEqual(value)
    })

    const richValues: [string, unknown][] = [
      ['undefined', undefined],
      ['a Date', new Date('2024-02-29T12:34:56.789Z')],
      [
        'a Map',
        new Map<unknown, unknown>([
          ['a', 1],
          [2, { b: [3] }],
        ]),
      ],
      ['a Set', new Set([1, 'two', 3])],
      ['a safe-range bigint', 5n],
      ['NaN', Number.NaN],
      ['Infinity', Infinity],
      ['an object holding undefined', { a: undefined, b: [undefined] }],
      ['nested rich values', { when: new Date(0), tags: new Set(['x']), index: new Map([['k', 1n]]) }],
    ]
    it.runIf(rich).each(richValues)('round-trips %s', async (_label, value) => {
      const cache = await ctx.cache()
      await cache.set('v', value)
      expect(await cache.get('v')).toStrictEqual(value)
    })

    it.runIf(rich)('a cached undefined is a hit, not a miss', async () => {
      const cache = await ctx.cache()
      await cache.set('u', undefined)
      expect(await cache.hasKey('u')).toBe(true)
      expect(await cache.getMany(['u'])).toHaveProperty('u', undefined)
    })

    it('round-trips a large value (1 MiB)', async () => {
      const cache = await ctx.cache()
      const big = 'x'.repeat(512 * 1024) + 'é'.repeat(256 * 1024)
      await cache.set('big', big)
      expect(await cache.get('big')).toBe(big)
      const list = Array.from({ length: 20_000 }, (_, i) => ({ i, s: `item ${i}` }))
      await cache.set('list', list)
      expect(await cache.get('list')).toEqual(list)
    })
  })

  describe('unicode', () => {
    it('sets, gets, adds and deletes unicode keys and values (Django test_unicode)', async () => {
      const cache = await ctx.cache()
      for (const [key, value] of Object.entries(UNICODE)) {
        await cache.set(key, value)
        expect(await cache.get(key)).toEqual(value)
      }
      for (const [key, value] of Object.entries(UNICODE)) {
        await cache.delete(key)
        expect(await cache.add(key, value)).toBe(true)
        expect(await cache.get(key)).toEqual(value)
      }
      for (const key of Object.keys(UNICODE)) await cache.delete(key)
      expect(await cache.setMany(UNICODE)).toEqual([])
      expect(await cache.getMany(Object.keys(UNICODE))).toEqual(UNICODE)
    })
  })

  describe('binary', () => {
    it('round-trips every byte value byte for byte (Django test_binary_string)', async () => {
      const cache = await ctx.cache()
      const bytes = new Uint8Array(Array.from({ length: 512 }, (_, i) => i % 256))
      await cache.set('bin', bytes)
      const back = await cache.get<Uint8Array>('bin')
      expect(back).toBeInstanceOf(Uint8Array)
      expect(Buffer.from(back!).equals(Buffer.from(bytes))).toBe(true)
    })

    it('round-trips a Buffer, an empty buffer and bytes that look like text or integers', async () => {
      const cache = await ctx.cache()
      const values = [
        Buffer.from('hello'),
        Buffer.alloc(0),
        Buffer.from('12345'),
        Buffer.from([0, 1, 4, 106, 115, 111, 110]),
      ]
      for (const value of values) {
        await cache.set('buf', value)
        const back = await cache.get<Uint8Array>('buf')
        expect(back).toBeInstanceOf(Uint8Array)
        expect(Buffer.from(back!).equals(value)).toBe(true)
      }
    })

    it('round-trips large compressible and incompressible bytes', async () => {
      const cache = await ctx.cache()
      const zeros = new Uint8Array(300_000)
      let seed = 7
      const noise = Uint8Array.from({ length: 100_000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff)
      for (const value of [zeros, noise]) {
        await cache.set('bytes', value)
        expect(Buffer.from((await cache.get<Uint8Array>('bytes'))!).equals(Buffer.from(value))).toBe(true)
      }
    })

    it.runIf(rich)('round-trips bytes nested in a structure', async () => {
      const cache = await ctx.cache()
      await cache.set('nested', { data: new Uint8Array([1, 2, 255]) })
      const back = await cache.get<{ data: Uint8Array }>('nested')
      expect([...back!.data]).toEqual([1, 2, 255])
    })
  })

  describe('copies', () => {
    it('is immune to mutation of the object after set', async () => {
      const cache = await ctx.cache()
      const value = { list: [1, 2], inner: { a: 1 } }
      await cache.set('obj', value)
      value.list.push(3)
      value.inner.a = 2
      expect(await cache.get('obj')).toEqual({ list: [1, 2], inner: { a: 1 } })
    })

    it('is immune to mutation of a value it returned', async () => {
      const cache = await ctx.cache()
      await cache.set('obj', { list: [1] })
      const first = await cache.get<{ list: number[] }>('obj')
      first!.list.push(2)
      expect(await cache.get('obj')).toEqual({ list: [1] })
    })

    it('is immune to mutation of stored bytes', async () => {
      const cache = await ctx.cache()
      const bytes = new Uint8Array([1, 2, 3])
      await cache.set('b', bytes)
      bytes[0] = 9
      expect([...(await cache.get<Uint8Array>('b'))!]).toEqual([1, 2, 3])
    })
  })

  describe('values that cannot be cached', () => {
    const bad: [string, unknown][] = [
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
      ['an object holding a function', { f: () => 1 }],
    ]
    it.each(bad)('rejects %s with E_SERIALIZATION and writes nothing', async (_label, value) => {
      const cache = await ctx.cache()
      await cache.set('existing', 'old')
      await expectCode(cache.set('existing', value), 'E_SERIALIZATION')
      await expectCode(cache.set('fresh', value), 'E_SERIALIZATION')
      await expectCode(cache.add('fresh', value), 'E_SERIALIZATION')
      expect(await cache.get('existing')).toBe('old')
      expect(await cache.hasKey('fresh')).toBe(false)
    })

    it('keeps the serialization failure as the cause', async () => {
      const cache = await ctx.cache()
      const error = await cache.set('k', { f: () => 1 }).then(
        () => undefined,
        (e: unknown) => e as { code: string; cause?: unknown },
      )
      expect(error?.code).toBe('E_SERIALIZATION')
      expect(error?.cause).toBeDefined()
    })
  })
}
