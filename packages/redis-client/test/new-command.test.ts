/**
 * newCommand (new-command.ts): the same command as ioredis' own constructor builds, on the wire and in its
 * replies, without the constructor's `Array.prototype.flat()` copy.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Command } from 'ioredis'
import { newCommand } from '../src/new-command.js'

type Arg = string | Buffer | number

const arg: fc.Arbitrary<Arg> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  fc.integer(),
  fc.double({ noNaN: true }),
)
const options = fc.constantFrom(
  { replyEncoding: null },
  { replyEncoding: null, readOnly: true },
  { replyEncoding: 'utf8' as const },
)

/** What goes on the wire, as bytes (toWritable gives a string, or a Buffer when an argument is one). */
function wire(command: Command): Buffer {
  const writable = command.toWritable(undefined as never)
  return typeof writable === 'string' ? Buffer.from(writable) : writable
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('newCommand', () => {
  it('builds the command ioredis builds: same bytes on the wire, flags and keys', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.constantFrom('get', 'SET', 'mget', 'del', 'PEXPIRE'), fc.array(arg, { maxLength: 8 })),
          // a script call: its keys are told by its numkeys argument
          fc
            .tuple(fc.array(fc.string(), { maxLength: 4 }), fc.array(arg, { maxLength: 4 }))
            .map(([keys, rest]): [string, Arg[]] => ['EVALSHA', ['0'.repeat(40), keys.length, ...keys, ...rest]]),
        ),
        options,
        ([name, args], opts) => {
          const ours = newCommand(name, args, opts)
          const theirs = new Command(name, args, opts)
          expect(wire(ours)).toEqual(wire(theirs))
          expect(ours.args).toEqual(theirs.args)
          expect(ours.isReadOnly).toBe(theirs.isReadOnly)
          expect(ours.getSlot()).toBe(theirs.getSlot())
        },
      ),
      { numRuns: 500 },
    )
  })

  it('leaves the arguments it was given as they were', () => {
    const args: Arg[] = ['key', 42, Buffer.from('v')]
    const command = newCommand('SET', args, { replyEncoding: null })
    expect(args).toEqual(['key', 42, Buffer.from('v')])
    expect(command.args).toEqual(['key', '42', Buffer.from('v')])
    expect(command.args).not.toBe(args)
  })

  it('settles like an ioredis command, with the reply as given (Buffers with replyEncoding null)', async () => {
    const read = newCommand('get', ['k'], { replyEncoding: null, readOnly: true })
    read.resolve(Buffer.from('value'))
    await expect(read.promise).resolves.toEqual(Buffer.from('value'))
    const text = newCommand('get', ['k'], { replyEncoding: 'utf8' })
    text.resolve(Buffer.from('value'))
    await expect(text.promise).resolves.toBe('value')
    const failed = newCommand('incr', ['k'], { replyEncoding: null })
    failed.reject(new Error('ERR value is not an integer or out of range'))
    await expect(failed.promise).rejects.toThrow('not an integer')
  })

  it('does not copy the arguments with Array.prototype.flat (the cost it exists to avoid)', () => {
    const flat = vi.spyOn(Array.prototype, 'flat')
    newCommand('get', ['k'], { replyEncoding: null })
    const flatOnOurs = flat.mock.contexts.filter((self) => Array.isArray(self) && (self as unknown[]).length > 0)
    expect(flatOnOurs).toEqual([])
    new Command('get', ['k'], { replyEncoding: null })
    expect(flat.mock.contexts.some((self) => Array.isArray(self) && (self as unknown[])[0] === 'k')).toBe(true)
  })
})
