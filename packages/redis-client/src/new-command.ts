/**
 * Building an ioredis `Command` without its argument copy.
 *
 * ioredis' `Command` constructor copies its arguments with `Array.prototype.flat()` (nested arrays are allowed
 * there), which V8 runs through a generic path: ~0.3 µs of the constructor's ~0.65 µs for a one-key GET, on
 * every command cachex sends. cachex's arguments are flat already (strings, Buffers and numbers, never arrays,
 * objects or Maps), so the command is built with no arguments and given a copy of them made by `slice()`; then
 * `stringifyArguments()` (public ioredis API, what the constructor runs) turns numbers into strings and marks a
 * command holding Buffers for binary writing, as the constructor would (measured: ~0.22 µs in all).
 *
 * The one thing the constructor does that this skips is ioredis' argument transformers, which only rewrite a
 * `MSET`, `MSETNX`, `HSET` or `HMSET` given an object or a Map in place of its field list: arguments cachex never
 * passes. A `keyPrefix` is not passed either (cachex makes its own keys), so none is applied.
 */
import { Command } from 'ioredis'

/** An argument of a Redis command as cachex sends it (flat: never an array, an object or a Map). */
export type Arg = string | Buffer | number

/** Options of the command (the third argument of ioredis' `Command` constructor). */
type CommandOptions = ConstructorParameters<typeof Command>[2]

/** Arguments for the constructor: none (they are set afterwards). Never written to: `flat()` copies it. */
const NO_ARGS: Arg[] = []

/**
 * `new Command(name, args, options)` for flat `args`, without the constructor's `flat()` copy: the same command
 * on the wire (`toWritable()`), the same promise and reply handling. `args` is copied, never changed.
 */
export function newCommand(name: string, args: readonly Arg[], options: CommandOptions): Command {
  const command = new Command(name, NO_ARGS, options)
  command.args = args.slice()
  command.stringifyArguments()
  return command
}
