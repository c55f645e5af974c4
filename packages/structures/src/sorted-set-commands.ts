/**
 * Sorted set commands (django-cachex "Sorted Set Methods"): members go through the cache's codec,
 * scores are numbers (`±Infinity` allowed), results follow redis-py (`withscores` gives pairs).
 */
import type { VersionOptions } from '@cachex-js/core'
import { splitArgs } from './call-options.js'
import {
  asArray,
  asCount,
  boundArg,
  decodeArray,
  decodeValue,
  encodeValue,
  integerArg,
  pairsOf,
  parseOptionalScore,
  parseScore,
  scoreArg,
} from './encode.js'
import { spec, zero, type StructureRunner } from './structure-runner.js'
import { zaddRequest, type ScoreMapping, type ZaddOptions } from './zadd.js'

/** A score range bound: a number (`-Infinity`/`Infinity` for open ends) or `'(1.5'` (exclusive), `'-inf'`, `'+inf'`. */
export type ScoreBound = number | string

/** A member and its score, as `withscores` and the pops return them (redis-py's tuples). */
export type ScoredMember<T = unknown> = [member: T, score: number]

/** Options of `zrange`. */
export interface ZrangeOptions extends VersionOptions {
  /** Highest score first (`REV`). */
  desc?: boolean
  /** Return `[member, score]` pairs. */
  withscores?: boolean
}

/** Options of `zrangebyscore`. */
export interface ZrangeByScoreOptions extends VersionOptions {
  /** Return `[member, score]` pairs. */
  withscores?: boolean
  /** Skip this many matches (`LIMIT offset count`; default 0 when `count` is given). */
  offset?: number
  /** Return at most this many matches (default: all when `offset` is given). */
  count?: number
}

/** The sorted set methods. Ranks and indexes are 0-based; negative indexes count from the end. */
export interface SortedSetCommands {
  /**
   * Adds members with their scores (ZADD): `zadd('board', { ada: 10 })`, or a Map / `[member, score]` pairs
   * for members that are not strings. Flags: `nx` (only add), `xx` (only update), `gt`/`lt` (only move the
   * score up/down), `ch` (count changed members, not just added ones), `incr` (add the score to the one
   * member's, like `zincrby`). Resolves the number added (or changed with `ch`); with `incr`, the new score,
   * or `undefined` when a flag prevented the update. Conflicting flags are `E_CONFIG`.
   */
  zadd(key: string, mapping: ScoreMapping, options: ZaddOptions & { incr: true }): Promise<number | undefined>
  zadd(key: string, mapping: ScoreMapping, options?: ZaddOptions): Promise<number>
  /** The number of members (ZCARD); `0` for a missing key. */
  zcard(key: string, options?: VersionOptions): Promise<number>
  /** The number of members with a score between `min` and `max`, inclusive unless `'(x'` (ZCOUNT). */
  zcount(key: string, min: ScoreBound, max: ScoreBound, options?: VersionOptions): Promise<number>
  /** Adds `amount` to the score of `member` (ZINCRBY; a new member starts at 0). Resolves the new score. */
  zincrby(key: string, amount: number, member: unknown, options?: VersionOptions): Promise<number>
  /**
   * Members by rank from `start` to `end` inclusive (ZRANGE; `-1` is the last), lowest score first or,
   * with `desc`, highest first. With `withscores`, `[member, score]` pairs. `[]` for a missing key.
   */
  zrange<T = unknown>(
    key: string,
    start: number,
    end: number,
    options: ZrangeOptions & { withscores: true },
  ): Promise<Array<ScoredMember<T>>>
  zrange<T = unknown>(key: string, start: number, end: number, options?: ZrangeOptions): Promise<T[]>
  /** Members with a score between `min` and `max`, lowest first (ZRANGEBYSCORE), paged with `offset`/`count`. */
  zrangebyscore<T = unknown>(
    key: string,
    min: ScoreBound,
    max: ScoreBound,
    options: ZrangeByScoreOptions & { withscores: true },
  ): Promise<Array<ScoredMember<T>>>
  zrangebyscore<T = unknown>(
    key: string,
    min: ScoreBound,
    max: ScoreBound,
    options?: ZrangeByScoreOptions,
  ): Promise<T[]>
  /** The 0-based rank of `member`, lowest score first (ZRANK); `undefined` when it is not a member. */
  zrank(key: string, member: unknown, options?: VersionOptions): Promise<number | undefined>
  /** The 0-based rank of `member`, highest score first (ZREVRANK); `undefined` when it is not a member. */
  zrevrank(key: string, member: unknown, options?: VersionOptions): Promise<number | undefined>
  /** Removes members (ZREM); end with `atVersion(n)` for another version. Resolves how many were removed. */
  zrem(key: string, ...members: unknown[]): Promise<number>
  /** Removes the members ranked `start` to `end` inclusive (ZREMRANGEBYRANK). Resolves how many. */
  zremrangebyrank(key: string, start: number, end: number, options?: VersionOptions): Promise<number>
  /** The score of `member` (ZSCORE); `undefined` when it is not a member. */
  zscore(key: string, member: unknown, options?: VersionOptions): Promise<number | undefined>
  /** The scores of `members` in order (ZMSCORE), `undefined` for non-members; end with `atVersion(n)`. */
  zmscore(key: string, ...members: unknown[]): Promise<Array<number | undefined>>
  /** Removes and returns the `count` (default 1) lowest-scored members as pairs (ZPOPMIN); `[]` when empty. */
  zpopmin<T = unknown>(key: string, count?: number, options?: VersionOptions): Promise<Array<ScoredMember<T>>>
  zpopmin<T = unknown>(key: string, options: VersionOptions): Promise<Array<ScoredMember<T>>>
  /** Removes and returns the `count` (default 1) highest-scored members as pairs (ZPOPMAX); `[]` when empty. */
  zpopmax<T = unknown>(key: string, count?: number, options?: VersionOptions): Promise<Array<ScoredMember<T>>>
  zpopmax<T = unknown>(key: string, options: VersionOptions): Promise<Array<ScoredMember<T>>>
}

/** Builds the sorted set methods on `runner`. */
export function sortedSetCommands(runner: StructureRunner): SortedSetCommands {
  const { codec } = runner
  const none = () => undefined
  const scored = (reply: unknown): ScoredMember[] =>
    pairsOf(reply).map(([member, score]) => [decodeValue(codec, member), parseScore(score)])
  const members = (withscores: boolean | undefined) => (reply: unknown) =>
    withscores ? scored(reply) : decodeArray(codec, reply)
  const rank = (reply: unknown) => (reply === null || reply === undefined ? undefined : asCount(reply))

  const pop =
    (operation: 'zpopmin' | 'zpopmax') =>
    (key: string, countOrOptions?: number | VersionOptions, options?: VersionOptions) =>
      runner.run(
        spec(operation, key, 'write', (): ScoredMember[] => []),
        () => {
          const count = typeof countOrOptions === 'number' ? integerArg(countOrOptions, 'count', 0) : 1
          const version = (typeof countOrOptions === 'object' ? countOrOptions : options)?.version
          const fullKey = runner.key(key, version)
          return { keys: [fullKey], command: operation.toUpperCase(), args: [fullKey, count], decode: scored }
        },
      )

  const commands = {
    zadd: (key: string, mapping: ScoreMapping, options: ZaddOptions = {}) =>
      runner.run(spec('zadd', key, 'write', options.incr ? undefined : zero), () =>
        zaddRequest(codec, runner.key(key, options.version), mapping, options),
      ),

    zcard: (key: string, options: VersionOptions = {}) =>
      runner.run(spec('zcard', key, 'read', zero), () => {
        const fullKey = runner.key(key, options.version)
        return { keys: [fullKey], command: 'ZCARD', args: [fullKey], decode: asCount }
      }),

    zcount: (key: string, min: ScoreBound, max: ScoreBound, options: VersionOptions = {}) =>
      runner.run(spec('zcount', key, 'read', zero), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, boundArg(min, 'min'), boundArg(max, 'max')]
        return { keys: [fullKey], command: 'ZCOUNT', args, decode: asCount }
      }),

    zincrby: (key: string, amount: number, member: unknown, options: VersionOptions = {}) =>
      runner.run(spec<number>('zincrby', key, 'write'), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, scoreArg(amount, 'amount'), encodeValue(codec, member)]
        return { keys: [fullKey], command: 'ZINCRBY', args, decode: parseScore }
      }),

    zrange: (key: string, start: number, end: number, options: ZrangeOptions = {}) =>
      runner.run(
        spec('zrange', key, 'read', (): unknown[] => []),
        () => {
          const fullKey = runner.key(key, options.version)
          const args = [fullKey, integerArg(start, 'start'), integerArg(end, 'end')]
          if (options.desc) args.push('REV')
          if (options.withscores) args.push('WITHSCORES')
          return { keys: [fullKey], command: 'ZRANGE', args, decode: members(options.withscores) }
        },
      ),

    zrangebyscore: (key: string, min: ScoreBound, max: ScoreBound, options: ZrangeByScoreOptions = {}) =>
      runner.run(
        spec('zrangebyscore', key, 'read', (): unknown[] => []),
        () => {
          const fullKey = runner.key(key, options.version)
          const args: Array<string | number> = [fullKey, boundArg(min, 'min'), boundArg(max, 'max')]
          if (options.withscores) args.push('WITHSCORES')
          if (options.offset !== undefined || options.count !== undefined) {
            const offset = options.offset === undefined ? 0 : integerArg(options.offset, 'offset', 0)
            const count = options.count === undefined ? -1 : integerArg(options.count, 'count')
            args.push('LIMIT', offset, count)
          }
          return { keys: [fullKey], command: 'ZRANGEBYSCORE', args, decode: members(options.withscores) }
        },
      ),

    zrank: (key: string, member: unknown, options: VersionOptions = {}) =>
      runner.run(spec('zrank', key, 'read', none), () => {
        const fullKey = runner.key(key, options.version)
        return { keys: [fullKey], command: 'ZRANK', args: [fullKey, encodeValue(codec, member)], decode: rank }
      }),

    zrevrank: (key: string, member: unknown, options: VersionOptions = {}) =>
      runner.run(spec('zrevrank', key, 'read', none), () => {
        const fullKey = runner.key(key, options.version)
        return { keys: [fullKey], command: 'ZREVRANK', args: [fullKey, encodeValue(codec, member)], decode: rank }
      }),

    zrem: (key: string, ...rest: unknown[]) =>
      runner.run(spec('zrem', key, 'write', zero), () => {
        const { items, version } = splitArgs<unknown>(rest, false)
        const fullKey = runner.key(key, version)
        if (items.length === 0) return { keys: [fullKey], local: true, decode: zero }
        const args = [fullKey, ...items.map((member) => encodeValue(codec, member))]
        return { keys: [fullKey], command: 'ZREM', args, decode: asCount }
      }),

    zremrangebyrank: (key: string, start: number, end: number, options: VersionOptions = {}) =>
      runner.run(spec('zremrangebyrank', key, 'write', zero), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, integerArg(start, 'start'), integerArg(end, 'end')]
        return { keys: [fullKey], command: 'ZREMRANGEBYRANK', args, decode: asCount }
      }),

    zscore: (key: string, member: unknown, options: VersionOptions = {}) =>
      runner.run(spec('zscore', key, 'read', none), () => {
        const fullKey = runner.key(key, options.version)
        const args = [fullKey, encodeValue(codec, member)]
        return { keys: [fullKey], command: 'ZSCORE', args, decode: parseOptionalScore }
      }),

    zmscore: (key: string, ...rest: unknown[]) =>
      runner.run(
        spec('zmscore', key, 'read', (): Array<number | undefined> => []),
        () => {
          const { items, version } = splitArgs<unknown>(rest, false)
          const fullKey = runner.key(key, version)
          const decode = (reply: unknown) => asArray(reply).map(parseOptionalScore)
          if (items.length === 0) return { keys: [fullKey], local: true, decode: () => [] }
          const args = [fullKey, ...items.map((member) => encodeValue(codec, member))]
          return { keys: [fullKey], command: 'ZMSCORE', args, decode }
        },
      ),

    zpopmin: pop('zpopmin'),
    zpopmax: pop('zpopmax'),
  }
  return commands as SortedSetCommands
}
