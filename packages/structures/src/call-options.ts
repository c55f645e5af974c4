/**
 * Per-call options of the variadic commands (`lpush(key, ...values)`, `hdel(key, ...fields)`...). A
 * trailing `{ version }` cannot be told apart from a value (an object is a fine list element), so
 * variadic commands take their options as a marked object made by {@link atVersion}; those whose rest
 * arguments must be strings (fields, keys) also take a plain trailing `{ version }`.
 */
import type { VersionOptions } from '@cachex-js/core'

const MARK = Symbol.for('@cachex-js/structures/call-options')

/** Options for one variadic call, made by {@link atVersion}: recognised as options, never as a value. */
export interface AtVersion {
  readonly [MARK]: true
  /** The key version for this call (the cache's default when `undefined`). */
  readonly version: number | undefined
}

/**
 * Marks the options of a variadic call: `cache.lpush('queue', a, b, atVersion(2))` pushes `a` and `b`
 * to version 2 of `queue`. Works as the last argument of every variadic command.
 */
export function atVersion(version: number | undefined): AtVersion {
  return Object.freeze({ [MARK]: true as const, version })
}

/** Whether `value` was made by {@link atVersion}. */
export function isAtVersion(value: unknown): value is AtVersion {
  return typeof value === 'object' && value !== null && (value as Partial<AtVersion>)[MARK] === true
}

/** Rest arguments that are strings (fields, keys), optionally ended by options. */
export type StringsAndOptions = string[] | [...items: string[], options: VersionOptions | AtVersion]

/** The items of a variadic call and the version its trailing options asked for. */
export interface SplitArgs<T> {
  items: T[]
  version: number | undefined
}

/**
 * Splits rest arguments into items and options. The last argument is options when made by
 * {@link atVersion}, or — with `plainOptions` (string items) — when it is any non-string object.
 */
export function splitArgs<T>(args: readonly unknown[], plainOptions: boolean): SplitArgs<T> {
  const last = args[args.length - 1]
  if (isAtVersion(last)) return { items: args.slice(0, -1) as T[], version: last.version }
  if (plainOptions && typeof last === 'object' && last !== null) {
    return { items: args.slice(0, -1) as T[], version: (last as VersionOptions).version }
  }
  return { items: args as T[], version: undefined }
}
