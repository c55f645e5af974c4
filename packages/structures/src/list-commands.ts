/**
 * List commands (django-cachex "List Methods", plus `lrem`): elements go through the cache's codec;
 * indexes are 0-based and negative ones count from the end (`-1` is the last element).
 */
import { ConfigError, type VersionOptions } from '@cachex-js/core'
import { splitArgs } from './call-options.js'
import { asArray, asCount, decodeArray, decodeOptional, encodeValue, integerArg } from './encode.js'
import { spec, zero, no, type StructureRunner } from './structure-runner.js'

/** An end of a list, for `lmove`. */
export type ListSide = 'LEFT' | 'RIGHT'

/** Options of `lpos`. */
export interface LposOptions extends VersionOptions {
  /** Which match to return: `1` the first (default), `2` the second, `-1` the last... never `0`. */
  rank?: number
  /** Return up to this many positions as an array (`0` = every match). */
  count?: number
  /** Compare at most this many elements (`0` = the whole list). */
  maxlen?: number
}

/** The list methods. */
export interface ListCommands {
  /** The length of the list (LLEN); `0` for a missing key. */
  llen(key: string, options?: VersionOptions): Promise<number>
  /**
   * Prepends values (LPUSH): `lpush(key, a, b)` leaves `b` first. End with `atVersion(n)` for another
   * version. Resolves the new length.
   */
  lpush(key: string, ...values: unknown[]): Promise<number>
  /** Appends values (RPUSH); end with `atVersion(n)` for another version. Resolves the new length. */
  rpush(key: string, ...values: unknown[]): Promise<number>
  /**
   * Removes and returns the first element (LPOP): `undefined` when the list is empty or missing. With a
   * `count`, up to that many elements as an array (`[]` when empty or missing).
   */
  lpop<T = unknown>(key: string, count: number, options?: VersionOptions): Promise<T[]>
  lpop<T = unknown>(key: string, count?: undefined, options?: VersionOptions): Promise<T | undefined>
  lpop<T = unknown>(key: string, options: VersionOptions): Promise<T | undefined>
  /** Removes and returns the last element (RPOP); with a `count`, an array, like `lpop`. */
  rpop<T = unknown>(key: string, count: number, options?: VersionOptions): Promise<T[]>
  rpop<T = unknown>(key: string, count?: undefined, options?: VersionOptions): Promise<T | undefined>
  rpop<T = unknown>(key: string, options: VersionOptions): Promise<T | undefined>
  /** The element at `index` (LINDEX); `undefined` when out of range or missing. */
  lindex<T = unknown>(key: string, index: number, options?: VersionOptions): Promise<T | undefined>
  /** The elements from `start` to `end` inclusive (LRANGE; `0, -1` = all); `[]` for a missing key. */
  lrange<T = unknown>(key: string, start: number, end: number, options?: VersionOptions): Promise<T[]>
  /**
   * Replaces the element at `index` (LSET). Resolves `true`; a missing list or an index out of range is
   * `E_KEY_NOT_FOUND`.
   */
  lset(key: string, index: number, value: unknown, options?: VersionOptions): Promise<boolean>
  /** Keeps only the elements from `start` to `end` inclusive (LTRIM). Resolves `true`. */
  ltrim(key: string, start: number, end: number, options?: VersionOptions): Promise<boolean>
  /**
   * Removes elements equal to `value` (LREM): `count > 0` the first `count` from the head, `count < 0` from
   * the tail, `0` all. Resolves how many were removed.
   */
  lrem(key: string, count: number, value: unknown, options?: VersionOptions): Promise<number>
  /**
   * The index of `value` (LPOS), `undefined` when absent; with `count`, an array of indexes. `rank` picks
   * the n-th match (negative: from the tail), `maxlen` bounds the scan.
   */
  lpos(key: string, value: unknown, options: LposOptions & { count: number }): Promise<number[]>
  lpos(key: string, value: unknown, options?: LposOptions): Promise<number | undefined>
  /**
   * Atomically pops an element from one end of `source` and pushes it to one end of `destination`
   * (LMOVE; defaults `'LEFT'`, `'RIGHT'`, like redis-py). Resolves the element, `undefined` when `source` is
   * empty. Both keys take `options.version`; on a cluster they must share a slot (hash tags), else
   * `E_NOT_SUPPORTED`.
   */
  lmove<T = unknown>(
    source: string,
    destination: string,
    from?: ListSide,
    to?: ListSide,
    options?: VersionOptions,
  ): Promise<T | undefined>
}

function sideArg(side: unknown, field: string): ListSide {
  const upper = typeof side === 'string' ? side.toUpperCase() : side
  if (upper !== 'LEFT' && upper !== 'RIGHT') {
    throw new ConfigError(`${field} must be 'LEFT' or 'RIGHT'`, { context: { field, operation: 'lmove' } })
  }
  return upper
}

/** Builds the list methods on `runner`. */
export function listCommands(runner: StructureRunner): ListCommands {
  const { codec } = runner
  const optional = (reply: unknown) => decodeOptional(codec, reply)

  const push =
    (operation: 'lpush' | 'rpush') =>
    (key: string, ...rest: unknown[]) =>
      runner.run(spec(operation, key, 'write', zero), () => {
        const { items, version } = splitArgs<unknown>(rest, false)
        const fullKey = runner.key(key, version)
        // No values: LLEN, which is what the push would have replied (and still checks the key's type).
        if (items.length === 0) return { keys: [fullKey], command: 'LLEN', args: [fullKey], decode: asCount }
        const args = [fullKey, ...items.map((value) => encodeValue(codec, value))]
        return { keys: [fullKey], command: operation.toUpperCase(), args, decode: asCount }
      })

  const pop =
    (operation: 'lpop' | 'rpop') =>
    (key: string, countOrOptions?: number | VersionOptions, options?: VersionOptions) => {
      const counted = typeof countOrOptions === 'number'
      return runner.run(
        spec<unknown>(operation, key, 'write', () => (counted ? [] : undefined)),
        () => {
          const version = (typeof countOrOptions === 'object' ? countOrOptions : options)?.version
          const fullKey = runner.key(key, version)
          if (!counted) return { keys: [fullKey], command: operation.toUpperCase(), args: [fullKey], decode: optional }
          const count = integerArg(countOrOptions, 'count', 0)
          const decode = (reply: unknown) => decodeArray(codec, reply)
          return { keys: [fullKey], command: operation.toUpperCase(), args: [fullKey, count], decode }
        },
      )
    }

  const commands = {
    llen: (key: string, options: VersionOptions = {}) =>
      runner.run(spec('llen', key, 'read', zero), () => {
        const fullKey = runner.key(key, options.version)
        return { keys: [fullKey], command: 'LLEN', args: [fullKey], decode: asCount }
      }),

    lpush: push('lpush'),
    rpush: push('rpush'),
    lpop: pop('lpop'),
    rpop: pop('rpop'),

    lindex: (key: string, index: number, options: VersionOptions = {}) =>
      runner.run(
        spec('lindex', key, 'read', () => undefined),
        () => {
          const fullKey = runner.key(key, options.version)
          return { keys: [fullKey], command: 'LINDEX', args: [fullKey, integerArg(index, 'index')], decode: optional }
        },
      ),

    lrange: (key: string, start: number, end: number, options: VersionOptions = {}) =>
      runner.run(
        spec('lrange', key, 'read', (): unknown[] => []),
        () => {
          const fullKey = runner.key(key, options.version)
          const args = [fullKey, integerArg(start, 'start'), integerArg(end, 'end')]
          return { keys: [fullKey], command: 'LRANGE', args, decode: (reply) => decodeArray(codec, reply) }
        },
      ),

    lset: (key: string, index: number, value: unknown, options: VersionOptions = {}) =>
      runner.run(spec('lset', key, 'write', no), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, integerArg(index, 'index'), encodeValue(codec, value)]
        return { keys: [fullKey], command: 'LSET', args, decode: () => true }
      }),

    ltrim: (key: string, start: number, end: number, options: VersionOptions = {}) =>
      runner.run(spec('ltrim', key, 'write', no), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, integerArg(start, 'start'), integerArg(end, 'end')]
        return { keys: [fullKey], command: 'LTRIM', args, decode: () => true }
      }),

    lrem: (key: string, count: number, value: unknown, options: VersionOptions = {}) =>
      runner.run(spec('lrem', key, 'write', zero), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, integerArg(count, 'count'), encodeValue(codec, value)]
        return { keys: [fullKey], command: 'LREM', args, decode: asCount }
      }),

    lpos: (key: string, value: unknown, options: LposOptions = {}) =>
      runner.run(
        spec<unknown>('lpos', key, 'read', () => (options.count === undefined ? undefined : [])),
        () => {
          const fullKey = runner.key(key, options.version)
          const args: Array<string | number | Buffer> = [fullKey, encodeValue(codec, value)]
          if (options.rank !== undefined) {
            const rank = integerArg(options.rank, 'rank')
            if (rank === 0)
              throw new ConfigError('rank must not be 0', { context: { field: 'rank', operation: 'lpos' } })
            args.push('RANK', rank)
          }
          if (options.count !== undefined) args.push('COUNT', integerArg(options.count, 'count', 0))
          if (options.maxlen !== undefined) args.push('MAXLEN', integerArg(options.maxlen, 'maxlen', 0))
          const decode =
            options.count === undefined
              ? (reply: unknown) => (reply === null || reply === undefined ? undefined : asCount(reply))
              : (reply: unknown) => asArray(reply).map(asCount)
          return { keys: [fullKey], command: 'LPOS', args, decode }
        },
      ),

    lmove: (
      source: string,
      destination: string,
      from: ListSide = 'LEFT',
      to: ListSide = 'RIGHT',
      options: VersionOptions = {},
    ) =>
      runner.run(
        spec('lmove', source, 'write', () => undefined),
        () => {
          const sourceKey = runner.key(source, options.version)
          const destinationKey = runner.key(destination, options.version)
          const args = [sourceKey, destinationKey, sideArg(from, 'from'), sideArg(to, 'to')]
          return { keys: [sourceKey, destinationKey], command: 'LMOVE', args, decode: optional }
        },
      ),
  }
  return commands as ListCommands
}
