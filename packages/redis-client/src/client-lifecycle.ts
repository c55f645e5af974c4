/**
 * What every topology does with the clients it holds: an always-present `'error'` listener (logged once
 * per outage, never thrown), a guard on every socket (see `socket-guard.ts`), and a bounded, polite close.
 */
import type { Logger } from '@cachex-js/core'
import { markClosed, recordError, type RedisClient } from './connection.js'
import { guardSockets } from './socket-guard.js'
import { flushWaiting } from './waiting-batch.js'

/** A client of a topology and how it is watched. */
export interface WatchedClient {
  client: RedisClient
  /** Created by the cache (closed by it), or injected (left open). */
  owned: boolean
  /** Where it points, for logs (never credentials). */
  label: string
  /** Removes the listeners (for injected clients, at close). */
  unwatch(): void
}

/** Attaches the always-present 'error' listener: records the error, logs once per outage, never throws. */
export function watchClient(
  client: RedisClient,
  label: string,
  owned: boolean,
  logger: Logger | undefined,
): WatchedClient {
  let reported = false
  const onError = (error: Error): void => {
    recordError(client, error)
    // ioredis reports a refused SELECT (e.g. an ACL without +select) as an 'error' event and then goes ready on
    // db 0: cachex would silently read and write another database. Drop that connection instead; the client
    // reconnects in the background and every call fails with E_CONNECTION until SELECT is allowed.
    if (isRefusedSelect(error)) client.disconnect(true)
    if (reported) return
    reported = true
    logger?.warn({ err: error, node: label }, 'cachex: Redis connection error (reconnecting in the background)')
  }
  const onReady = (): void => {
    reported = false
  }
  client.on('error', onError)
  client.on('ready', onReady)
  guardSockets(client)
  return {
    client,
    owned,
    label,
    unwatch: () => {
      client.off('error', onError)
      client.off('ready', onReady)
    },
  }
}

/** Resolves after `ms` (unref'd: never keeps the process alive). */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

/**
 * Disconnects a client (a `Redis` or a `Cluster`) and resolves once it has ended: a polite QUIT when it is
 * connected (pending replies arrive first), bounded by `timeoutMs`, else (or then) an immediate disconnect.
 */
export async function closeClient(client: RedisClient, timeoutMs: number): Promise<void> {
  flushWaiting(client) // calls made before close() still go out, ahead of QUIT
  markClosed(client)
  if (client.status === 'end') return
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()))
  if (client.status === 'ready') {
    await Promise.race([client.quit().catch(() => undefined), delay(timeoutMs)])
  }
  const status = client.status as string
  if (status === 'end') return
  client.disconnect()
  // Only a client with a socket emits 'end'; one waiting to reconnect just stops retrying.
  if (status !== 'reconnecting' && status !== 'close' && status !== 'wait')
    await Promise.race([ended, delay(timeoutMs)])
}

/** Closes what the topology owns (when `closeConnection` is on) and unwatches injected clients. */
export async function closeWatched(
  watched: readonly WatchedClient[],
  closeConnection: boolean,
  timeoutMs: number,
): Promise<void> {
  await Promise.all(
    watched.map(async (node) => {
      if (!node.owned) {
        node.unwatch()
        return
      }
      if (closeConnection) await closeClient(node.client, timeoutMs)
    }),
  )
}

/** Whether `error` is the server's refusal of the `SELECT` ioredis sends on connect. */
function isRefusedSelect(error: Error): boolean {
  const command = (error as { command?: { name?: unknown } }).command
  return typeof command?.name === 'string' && command.name.toLowerCase() === 'select'
}
