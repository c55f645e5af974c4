/**
 * Sending one command with buffer replies in a way that survives ioredis auto-pipelining.
 *
 * ioredis 6 loses the command name of `callBuffer(name, ...args)` when it auto-pipelines the command
 * (`enableAutoPipelining`): it re-adds the name for `call()` only, so the server receives the first
 * argument as the command (`ERR unknown command '<key>'`). Its named `<command>Buffer` methods do not
 * have that problem, and `addBuiltinCommand(name)` (public ioredis API) defines one for a name spelt
 * exactly as cachex sends it (upper case, or lower case for read-only commands: see `commands.ts`), so
 * replica routing and reply shapes stay as they are. Without auto-pipelining nothing changes.
 */
import type { RedisClient } from './connection.js'
import type { Arg } from './new-command.js'

type BufferMethod = (...args: Arg[]) => Promise<unknown>

interface Commanding {
  options: { enableAutoPipelining?: boolean }
  autoPipelineQueueSize?: number
  addBuiltinCommand(name: string): void
}

const methodNames = new Map<string, string>()

function methodName(name: string): string {
  let method = methodNames.get(name)
  if (method === undefined) methodNames.set(name, (method = `${name}Buffer`))
  return method
}

/** `client.callBuffer(name, ...args)`, also when the client auto-pipelines. */
export function callBuffer(client: RedisClient, name: string, args: readonly Arg[]): Promise<unknown> {
  const key = methodName(name)
  const own = (client as unknown as Record<string, BufferMethod | undefined>)[key]
  if (typeof own === 'function') return own.apply(client, args as Arg[])
  const commanding = client as unknown as Commanding
  if (commanding.options.enableAutoPipelining !== true) return client.callBuffer(name, ...args)
  // Define the method while no auto-pipeline is pending: a pending one was made without it.
  if (commanding.autoPipelineQueueSize === 0) {
    commanding.addBuiltinCommand(name)
    return callBuffer(client, name, args)
  }
  return client
    .pipeline()
    .callBuffer(name, ...args)
    .exec()
    .then((replies) => {
      const [error, value] = replies![0]!
      if (error) throw error
      return value
    })
}
