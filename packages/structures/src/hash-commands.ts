/**
 * Hash commands (django-cachex "Hash Methods"): fields are plain strings, values go through the
 * cache's codec (integers as decimal text, so `hincrby` works on them).
 */
import type { VersionOptions } from '@cachex-js/core'
import { splitArgs, type StringsAndOptions } from './call-options.js'
import {
  asArray,
  asCount,
  asFlag,
  asText,
  decodeArray,
  decodeOptional,
  decodeValue,
  encodeValue,
  fieldArg,
  finiteArg,
  mapEntries,
  parseScore,
} from './encode.js'
import { HINCRBY_EXACT, incrementArg } from './hincrby-script.js'
import { zero, no, type StructureRunner } from './structure-runner.js'

/** Fields and values for `hmset`: an object, a Map or `[field, value]` pairs. */
export type HashMapping = Record<string, unknown> | Map<string, unknown> | Iterable<readonly [string, unknown]>

/** The hash methods (redis-py return shapes; a missing field is `undefined`, a stored `null` stays `null`). */
export interface HashCommands {
  /** Sets `field` to `value` (HSET). Resolves `1` when the field is new, `0` when it was updated. */
  hset(key: string, field: string, value: unknown, options?: VersionOptions): Promise<number>
  /**
   * Deletes fields (HDEL): `hdel(key, 'a', 'b')`, options last (`{ version }`). Resolves how many existed.
   */
  hdel(key: string, ...fields: StringsAndOptions): Promise<number>
  /** Whether `field` exists (HEXISTS). */
  hexists(key: string, field: string, options?: VersionOptions): Promise<boolean>
  /** The value of `field` (HGET), `undefined` when the field or the hash is missing. */
  hget<T = unknown>(key: string, field: string, options?: VersionOptions): Promise<T | undefined>
  /** Every field and value (HGETALL) as an object; `{}` for a missing hash. */
  hgetall<T = unknown>(key: string, options?: VersionOptions): Promise<Record<string, T>>
  /**
   * Adds `amount` (default 1) to the integer in `field` (HINCRBY; a missing field counts as 0) and resolves
   * the new value: a `number`, or a `bigint` for a `bigint` amount (exact beyond 2^53). A field holding
   * anything but an integer is `E_NOT_AN_INTEGER`.
   */
  hincrby(key: string, field: string, amount?: number, options?: VersionOptions): Promise<number>
  hincrby(key: string, field: string, amount: bigint, options?: VersionOptions): Promise<bigint>
  /**
   * Adds `amount` (default 1) to the number in `field` (HINCRBYFLOAT) and resolves the new value. A field
   * holding anything but a number is `E_NOT_AN_INTEGER`.
   */
  hincrbyfloat(key: string, field: string, amount?: number, options?: VersionOptions): Promise<number>
  /** The number of fields (HLEN); `0` for a missing hash. */
  hlen(key: string, options?: VersionOptions): Promise<number>
  /** The values of `fields` in order (HMGET), `undefined` for each missing one; options last. */
  hmget<T = unknown>(key: string, ...fields: StringsAndOptions): Promise<Array<T | undefined>>
  /** Sets several fields at once (HSET with pairs). Resolves `true` (redis-py's `hmset`). */
  hmset(key: string, mapping: HashMapping, options?: VersionOptions): Promise<boolean>
  /** Sets `field` only when it does not exist (HSETNX). Resolves whether it was set. */
  hsetnx(key: string, field: string, value: unknown, options?: VersionOptions): Promise<boolean>
  /** Every value (HVALS); `[]` for a missing hash. */
  hvals<T = unknown>(key: string, options?: VersionOptions): Promise<T[]>
  /** Every field name (HKEYS); `[]` for a missing hash. */
  hkeys(key: string, options?: VersionOptions): Promise<string[]>
}

function entriesOf(mapping: HashMapping): Array<readonly [string, unknown]> {
  if (mapping instanceof Map) return [...mapping.entries()]
  if (typeof (mapping as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return [...(mapping as Iterable<readonly [string, unknown]>)]
  }
  return Object.entries(mapping)
}

/** Builds the hash methods on `runner`. */
export function hashCommands(runner: StructureRunner): HashCommands {
  const { codec } = runner
  const read = <T>(operation: string, key: string, fallback: () => T) => ({
    operation,
    key,
    access: 'read' as const,
    fallback,
  })
  const write = <T>(operation: string, key: string, fallback?: () => T) => ({
    operation,
    key,
    access: 'write' as const,
    fallback,
  })

  return {
    hset: (key, field, value, options = {}) =>
      runner.run(write('hset', key, zero), () => {
        const fullKey = runner.key(key, options.version)
        return {
          keys: [fullKey],
          command: 'HSET',
          args: [fullKey, fieldArg(field), encodeValue(codec, value)],
          decode: asCount,
        }
      }),

    hdel: (key, ...rest) =>
      runner.run(write('hdel', key, zero), () => {
        const { items, version } = splitArgs<string>(rest, true)
        const fullKey = runner.key(key, version)
        const fields = items.map(fieldArg)
        if (fields.length === 0) return { keys: [fullKey], local: true, decode: zero }
        return { keys: [fullKey], command: 'HDEL', args: [fullKey, ...fields], decode: asCount }
      }),

    hexists: (key, field, options = {}) =>
      runner.run(read('hexists', key, no), () => {
        const fullKey = runner.key(key, options.version)
        return { keys: [fullKey], command: 'HEXISTS', args: [fullKey, fieldArg(field)], decode: asFlag }
      }),

    hget: <T>(key: string, field: string, options: VersionOptions = {}) =>
      runner.run(
        read('hget', key, () => undefined as T | undefined),
        () => {
          const fullKey = runner.key(key, options.version)
          const decode = (reply: unknown) => decodeOptional(codec, reply) as T | undefined
          return { keys: [fullKey], command: 'HGET', args: [fullKey, fieldArg(field)], decode }
        },
      ),

    hgetall: <T>(key: string, options: VersionOptions = {}) =>
      runner.run(
        read('hgetall', key, () => ({})),
        () => {
          const fullKey = runner.key(key, options.version)
          const decode = (reply: unknown) =>
            Object.fromEntries(
              mapEntries(reply).map(([field, value]) => [asText(field), decodeValue(codec, value)]),
            ) as Record<string, T>
          return { keys: [fullKey], command: 'HGETALL', args: [fullKey], decode }
        },
      ),

    hincrby: ((key: string, field: string, amount: number | bigint = 1, options: VersionOptions = {}) =>
      runner.run(write<number | bigint>('hincrby', key), () => {
        const fullKey = runner.key(key, options.version)
        const decode = (reply: unknown) => {
          const text = asText(reply)
          return typeof amount === 'bigint' ? BigInt(text) : Number(text)
        }
        return { keys: [fullKey], script: HINCRBY_EXACT, args: [fieldArg(field), incrementArg(amount, key)], decode }
      })) as HashCommands['hincrby'],

    hincrbyfloat: (key, field, amount = 1, options = {}) =>
      runner.run(write<number>('hincrbyfloat', key), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, fieldArg(field), finiteArg(amount, 'amount')]
        return { keys: [fullKey], command: 'HINCRBYFLOAT', args, decode: parseScore }
      }),

    hlen: (key, options = {}) =>
      runner.run(read('hlen', key, zero), () => {
        const fullKey = runner.key(key, options.version)
        return { keys: [fullKey], command: 'HLEN', args: [fullKey], decode: asCount }
      }),

    hmget: <T>(key: string, ...rest: StringsAndOptions) =>
      runner.run(
        read('hmget', key, () => [] as Array<T | undefined>),
        () => {
          const { items, version } = splitArgs<string>(rest, true)
          const fullKey = runner.key(key, version)
          const fields = items.map(fieldArg)
          const decode = (reply: unknown) => asArray(reply).map((item) => decodeOptional(codec, item) as T | undefined)
          if (fields.length === 0) return { keys: [fullKey], local: true, decode: () => [] }
          return { keys: [fullKey], command: 'HMGET', args: [fullKey, ...fields], decode }
        },
      ),

    hmset: (key, mapping, options = {}) =>
      runner.run(write('hmset', key, no), () => {
        const fullKey = runner.key(key, options.version)
        const args = entriesOf(mapping).flatMap(([field, value]) => [fieldArg(field), encodeValue(codec, value)])
        if (args.length === 0) return { keys: [fullKey], local: true, decode: () => true }
        return { keys: [fullKey], command: 'HSET', args: [fullKey, ...args], decode: () => true }
      }),

    hsetnx: (key, field, value, options = {}) =>
      runner.run(write('hsetnx', key, no), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, fieldArg(field), encodeValue(codec, value)]
        return { keys: [fullKey], command: 'HSETNX', args, decode: asFlag }
      }),

    hvals: <T>(key: string, options: VersionOptions = {}) =>
      runner.run(
        read('hvals', key, () => [] as T[]),
        () => {
          const fullKey = runner.key(key, options.version)
          return {
            keys: [fullKey],
            command: 'HVALS',
            args: [fullKey],
            decode: (reply) => decodeArray(codec, reply) as T[],
          }
        },
      ),

    hkeys: (key, options = {}) =>
      runner.run(
        read('hkeys', key, (): string[] => []),
        () => {
          const fullKey = runner.key(key, options.version)
          return { keys: [fullKey], command: 'HKEYS', args: [fullKey], decode: (reply) => asArray(reply).map(asText) }
        },
      ),
  }
}
