/**
 * Set commands (django-redis / django-cachex sets): members go through the cache's codec, so two
 * members are the same when they encode to the same bytes. Results are arrays in Redis's order
 * (unspecified for sets), where redis-py returns Python sets.
 */
import type { VersionOptions } from '@cachex-js/core'
import { splitArgs, type StringsAndOptions } from './call-options.js'
import { asArray, asCount, asFlag, decodeArray, decodeOptional, encodeValue, integerArg } from './encode.js'
import { spec, zero, no, type StructureRunner } from './structure-runner.js'

/** The set methods. */
export interface SetCommands {
  /** Adds members (SADD); end with `atVersion(n)` for another version. Resolves how many were new. */
  sadd(key: string, ...members: unknown[]): Promise<number>
  /** Removes members (SREM); end with `atVersion(n)` for another version. Resolves how many were present. */
  srem(key: string, ...members: unknown[]): Promise<number>
  /** Every member (SMEMBERS), as an array; `[]` for a missing key. */
  smembers<T = unknown>(key: string, options?: VersionOptions): Promise<T[]>
  /** Whether `member` is in the set (SISMEMBER). */
  sismember(key: string, member: unknown, options?: VersionOptions): Promise<boolean>
  /** Whether each of `members` is in the set, in order (SMISMEMBER); end with `atVersion(n)`. */
  smismember(key: string, ...members: unknown[]): Promise<boolean[]>
  /** The number of members (SCARD); `0` for a missing key. */
  scard(key: string, options?: VersionOptions): Promise<number>
  /**
   * Removes and returns a random member (SPOP), `undefined` when empty; with a `count`, up to that many
   * as an array (`[]` when empty).
   */
  spop<T = unknown>(key: string, count: number, options?: VersionOptions): Promise<T[]>
  spop<T = unknown>(key: string, count?: undefined, options?: VersionOptions): Promise<T | undefined>
  spop<T = unknown>(key: string, options: VersionOptions): Promise<T | undefined>
  /**
   * A random member without removing it (SRANDMEMBER), `undefined` when empty; with a `count`, an array:
   * distinct members for `count > 0`, `-count` members possibly repeated for `count < 0`.
   */
  srandmember<T = unknown>(key: string, count: number, options?: VersionOptions): Promise<T[]>
  srandmember<T = unknown>(key: string, count?: undefined, options?: VersionOptions): Promise<T | undefined>
  srandmember<T = unknown>(key: string, options: VersionOptions): Promise<T | undefined>
  /**
   * The members common to every set (SINTER): `sinter('a', 'b', { version: 2 })`. Missing keys are empty
   * sets. On a cluster the keys must share a slot (hash tags), else `E_NOT_SUPPORTED`.
   */
  sinter<T = unknown>(...keys: StringsAndOptions): Promise<T[]>
  /** The members of any of the sets (SUNION); keys and cluster rule as `sinter`. */
  sunion<T = unknown>(...keys: StringsAndOptions): Promise<T[]>
  /** The members of the first set that are in none of the others (SDIFF); keys and cluster rule as `sinter`. */
  sdiff<T = unknown>(...keys: StringsAndOptions): Promise<T[]>
}

/** Builds the set methods on `runner`. */
export function setCommands(runner: StructureRunner): SetCommands {
  const { codec } = runner
  const list = (reply: unknown) => decodeArray(codec, reply)

  const change =
    (operation: 'sadd' | 'srem') =>
    (key: string, ...rest: unknown[]) =>
      runner.run(spec(operation, key, 'write', zero), () => {
        const { items, version } = splitArgs<unknown>(rest, false)
        const fullKey = runner.key(key, version)
        if (items.length === 0) return { keys: [fullKey], local: true, decode: zero }
        const args = [fullKey, ...items.map((member) => encodeValue(codec, member))]
        return { keys: [fullKey], command: operation.toUpperCase(), args, decode: asCount }
      })

  const pick =
    (operation: 'spop' | 'srandmember') =>
    (key: string, countOrOptions?: number | VersionOptions, options?: VersionOptions) => {
      const counted = typeof countOrOptions === 'number'
      const access = operation === 'spop' ? 'write' : 'read'
      return runner.run(
        spec<unknown>(operation, key, access, () => (counted ? [] : undefined)),
        () => {
          const version = (typeof countOrOptions === 'object' ? countOrOptions : options)?.version
          const fullKey = runner.key(key, version)
          const name = operation.toUpperCase()
          if (!counted) {
            return { keys: [fullKey], command: name, args: [fullKey], decode: (r) => decodeOptional(codec, r) }
          }
          const count = integerArg(countOrOptions, 'count', operation === 'spop' ? 0 : undefined)
          return { keys: [fullKey], command: name, args: [fullKey, count], decode: list }
        },
      )
    }

  const combine =
    (operation: 'sinter' | 'sunion' | 'sdiff') =>
    (...rest: StringsAndOptions) => {
      const { items, version } = splitArgs<string>(rest, true)
      return runner.run(
        spec(operation, String(items[0] ?? ''), 'read', (): unknown[] => []),
        () => {
          const fullKeys = items.map((key) => runner.key(key, version))
          if (fullKeys.length === 0) return { keys: [], local: true, decode: (): unknown[] => [] }
          return { keys: fullKeys, command: operation.toUpperCase(), args: fullKeys, decode: list }
        },
      )
    }

  const commands = {
    sadd: change('sadd'),
    srem: change('srem'),

    smembers: (key: string, options: VersionOptions = {}) =>
      runner.run(
        spec('smembers', key, 'read', (): unknown[] => []),
        () => {
          const fullKey = runner.key(key, options.version)
          return { keys: [fullKey], command: 'SMEMBERS', args: [fullKey], decode: list }
        },
      ),

    sismember: (key: string, member: unknown, options: VersionOptions = {}) =>
      runner.run(spec('sismember', key, 'read', no), () => {
        const fullKey = runner.key(key, options.version)
        return { keys: [fullKey], command: 'SISMEMBER', args: [fullKey, encodeValue(codec, member)], decode: asFlag }
      }),

    smismember: (key: string, ...rest: unknown[]) =>
      runner.run(
        spec('smismember', key, 'read', (): boolean[] => []),
        () => {
          const { items, version } = splitArgs<unknown>(rest, false)
          const fullKey = runner.key(key, version)
          if (items.length === 0) return { keys: [fullKey], local: true, decode: (): boolean[] => [] }
          const args = [fullKey, ...items.map((member) => encodeValue(codec, member))]
          return { keys: [fullKey], command: 'SMISMEMBER', args, decode: (reply) => asArray(reply).map(asFlag) }
        },
      ),

    scard: (key: string, options: VersionOptions = {}) =>
      runner.run(spec('scard', key, 'read', zero), () => {
        const fullKey = runner.key(key, options.version)
        return { keys: [fullKey], command: 'SCARD', args: [fullKey], decode: asCount }
      }),

    spop: pick('spop'),
    srandmember: pick('srandmember'),
    sinter: combine('sinter'),
    sunion: combine('sunion'),
    sdiff: combine('sdiff'),
  }
  return commands as SetCommands
}
