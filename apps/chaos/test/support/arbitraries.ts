/**
 * Test support: fast-check arbitraries for bad (and good) input: keys, values each serializer must
 * round-trip, values it must refuse, and option values from the edges of the number line.
 */
import fc from 'fast-check'

/** Any well-formed Unicode string (every code point, astral planes included), empty and `__proto__` included. */
export const unicodeKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.constantFrom(
    '',
    '__proto__',
    'constructor',
    ' ',
    ':',
    '::1:',
    '*',
    '?',
    '[a-z]',
    '\\',
    '\u0000',
    '\r\n',
    'ключ',
    '鍵',
    '🔑🗝️',
    'a\u0301',
  ),
)

/** Anything that is not a string: every method must reject it with `E_INVALID_KEY`. */
export const nonStringKey: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything().filter((value) => typeof value !== 'string'),
  fc.constantFrom(undefined, null, 0, NaN, 1n, true, Symbol('k'), () => 'k', new String('k'), ['k'], {
    toString: () => 'k',
  }),
)

/** Numbers a number option must cope with: NaN, infinities, -0, negatives, tiny and huge values. */
export const edgyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, -1, 1e-9, 1e300, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE),
  fc.double(),
)

/** Values of the wrong type for a number option. */
export const nonNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('1', '', 1n, true, {}, [], Symbol('n'), () => 1, new Number(1)),
  fc.string(),
)

const plainKey = fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__')
/** A finite number; `-0` only at the top level, where the serializers keep its sign (nested it becomes 0). */
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0))
/** Well-formed strings: CBOR and JSON text are UTF-8, which has no way to hold a lone surrogate. */
const text = fc.string({ unit: 'binary', maxLength: 24 })

/** Values the `json` serializer round-trips exactly. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    finite,
    text,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(plainKey, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
})).value

/** Values the `cbor` serializer (the default) round-trips exactly. */
export const cborValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, undefined, true, false, NaN, Infinity, -Infinity),
    finite,
    fc.bigInt(),
    text,
    fc.date({ min: new Date(-8.64e14), max: new Date(8.64e14), noInvalidDate: true }),
    fc.uint8Array({ maxLength: 32 }).map((bytes) => Buffer.from(bytes)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(plainKey, tie('value'), { maxKeys: 5, noNullPrototype: true }),
    fc.array(fc.tuple(fc.oneof(text, fc.integer()), tie('value')), { maxLength: 4 }).map((entries) => new Map(entries)),
    fc.uniqueArray(fc.oneof(text, fc.integer()), { maxLength: 5 }).map((items) => new Set(items)),
  ),
})).value

/** Something no serializer can encode, placed somewhere inside `host`. */
export interface Poison {
  label: string
  make(): unknown
}

/** Things every serializer must refuse (`E_SERIALIZATION`), wherever they sit in a value. */
export const poisons: Poison[] = [
  { label: 'a function', make: () => () => 1 },
  { label: 'a class', make: () => class Thing {} },
  { label: 'a symbol', make: () => Symbol('s') },
  {
    label: 'an object whose getter throws',
    make: () =>
      Object.defineProperty({}, 'boom', {
        enumerable: true,
        get() {
          throw new Error('getter exploded')
        },
      }),
  },
  {
    label: 'a proxy that throws on every trap',
    make: () =>
      new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('ownKeys exploded')
          },
          // not thenable (`then` is read when a factory returns it: that is the factory failing, not encoding)
          get: (_target, key) => {
            if (key === 'then') return undefined
            throw new Error('get exploded')
          },
          getOwnPropertyDescriptor: () => {
            throw new Error('descriptor exploded')
          },
        },
      ),
  },
]

/** Things the `json` serializer must refuse besides the {@link poisons}. */
export const jsonOnlyPoisons: Poison[] = [
  { label: 'undefined', make: () => undefined },
  { label: 'a bigint', make: () => 10n },
  { label: 'NaN', make: () => NaN },
  { label: 'Infinity', make: () => Infinity },
  { label: 'a Map', make: () => new Map([[1, 2]]) },
  { label: 'a Set', make: () => new Set([1]) },
  { label: 'a Date', make: () => new Date(0) },
  { label: 'a typed array', make: () => new Float64Array(2) },
  {
    label: 'a class instance',
    make: () =>
      new (class Point {
        x = 1
      })(),
  },
  { label: 'a sparse array', make: () => [1, , 3] }, // eslint-disable-line no-sparse-arrays
  {
    label: 'a cycle',
    make: () => {
      const node: Record<string, unknown> = { a: 1 }
      node.self = { back: node }
      return node
    },
  },
]

/** `host` with `poison` placed at a position chosen by `path` (a list of choices), or `poison` itself. */
export function plant(host: unknown, poison: unknown, path: number[]): unknown {
  if (path.length === 0) return poison
  const [step, ...rest] = path as [number, ...number[]]
  switch (step % 3) {
    case 0:
      return [host, plant(host, poison, rest)]
    case 1:
      return { ok: host, nested: plant(host, poison, rest) }
    default:
      return new Map([['m', plant(host, poison, rest)]])
  }
}
