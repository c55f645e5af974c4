/** ZADD: the mapping, the flags and what the reply means. */
import { ConfigError, type CodecPipeline, type VersionOptions } from '@cachex-js/core'
import { asCount, encodeValue, parseOptionalScore, scoreArg } from './encode.js'
import type { StructureRequest } from './structure-runner.js'

/**
 * Members and scores for `zadd`: an object (string members), a Map or `[member, score]` pairs (members of
 * any type the serializer takes: objects, dates, buffers...).
 */
export type ScoreMapping = Record<string, number> | Map<unknown, number> | Iterable<readonly [unknown, number]>

/** Options of `zadd` (redis-py's flags). */
export interface ZaddOptions extends VersionOptions {
  /** Only add new members, never update (`NX`). */
  nx?: boolean
  /** Only update existing members, never add (`XX`). */
  xx?: boolean
  /** Only update when the new score is greater (`GT`; new members are still added). */
  gt?: boolean
  /** Only update when the new score is less (`LT`; new members are still added). */
  lt?: boolean
  /** Count members whose score changed, plus new ones (`CH`). */
  ch?: boolean
  /** Increment the single member's score by the given amount and resolve the new score (`INCR`). */
  incr?: boolean
}

function entriesOf(mapping: ScoreMapping): Array<readonly [unknown, number]> {
  if (mapping instanceof Map) return [...mapping.entries()]
  if (typeof (mapping as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return [...(mapping as Iterable<readonly [unknown, number]>)]
  }
  return Object.entries(mapping)
}

/** Rejects option combinations Redis would refuse, before anything is sent (`E_CONFIG`). */
export function assertZaddFlags(options: ZaddOptions, members: number): void {
  const fail = (message: string, field: string): never => {
    throw new ConfigError(`zadd: ${message}`, { context: { field, operation: 'zadd' } })
  }
  if (options.nx && options.xx) fail('nx and xx cannot both be set', 'nx')
  if (options.nx && (options.gt || options.lt)) fail('nx cannot be combined with gt or lt', 'nx')
  if (options.gt && options.lt) fail('gt and lt cannot both be set', 'gt')
  if (options.incr && members !== 1) fail('incr takes exactly one member', 'incr')
}

/** The ZADD request for `mapping` on `fullKey`; no members (without `incr`) sends nothing and resolves 0. */
export function zaddRequest(
  codec: CodecPipeline,
  fullKey: string,
  mapping: ScoreMapping,
  options: ZaddOptions,
): StructureRequest<number | undefined> {
  const entries = entriesOf(mapping)
  assertZaddFlags(options, entries.length)
  if (entries.length === 0) return { keys: [fullKey], local: true, decode: () => 0 }
  const args: Array<string | Buffer> = [fullKey]
  if (options.nx) args.push('NX')
  if (options.xx) args.push('XX')
  if (options.gt) args.push('GT')
  if (options.lt) args.push('LT')
  if (options.ch) args.push('CH')
  if (options.incr) args.push('INCR')
  for (const [member, score] of entries) args.push(scoreArg(score), encodeValue(codec, member))
  return { keys: [fullKey], command: 'ZADD', args, decode: options.incr ? parseOptionalScore : asCount }
}
