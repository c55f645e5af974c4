import { RespClient, type RedisAddress, type RespClientOptions } from './resp-client'
import type { RespValue } from './resp-parser'

/**
 * Sends one command on a fresh connection and closes it: `await redisCommand(node, ['PING'])`.
 * Rejects with a `RespError` on an error reply and with a plain `Error` on connection problems or timeout.
 */
export async function redisCommand(
  address: RedisAddress,
  args: ReadonlyArray<string | number | Buffer>,
  options: RespClientOptions = {},
): Promise<RespValue> {
  const client = await RespClient.connect(address, options)
  try {
    return await client.command(...args)
  } finally {
    client.close()
  }
}
