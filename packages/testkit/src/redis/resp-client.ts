import { connect, type Socket } from 'node:net'
import { RespError } from './resp-error'
import { RespParser, type RespValue } from './resp-parser'

/** Where a Redis server listens. */
export interface RedisAddress {
  host: string
  port: number
}

/** Options of {@link RespClient.connect}. */
export interface RespClientOptions {
  /** Connect timeout, and the longest a command may wait for its reply. Default 5000 ms. */
  timeoutMs?: number
}

type Argument = string | number | Buffer

interface Pending {
  resolve: (value: RespValue) => void
  reject: (error: Error) => void
}

/**
 * A minimal RESP client over `node:net`, for readiness checks and tests: one connection, pipelined
 * commands, replies in order. An error reply rejects with {@link RespError}. No reconnects, no cluster
 * redirects, no pub/sub: use a real client library for anything else.
 */
export class RespClient {
  private readonly parser = new RespParser()
  private readonly pending: Pending[] = []
  private closedError: Error | undefined

  private constructor(
    private readonly socket: Socket,
    /** The address this client is connected to. */
    readonly address: RedisAddress,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (error) => this.fail(error))
    socket.on('close', () => this.fail(new Error(`connection to ${address.host}:${address.port} closed`)))
    socket.on('timeout', () => {
      if (this.pending.length === 0) return
      this.fail(new Error(`no reply from ${address.host}:${address.port} within ${socket.timeout} ms`))
      socket.destroy()
    })
  }

  /** Opens a connection; rejects if the server does not accept it within the timeout. */
  static connect(address: RedisAddress, options: RespClientOptions = {}): Promise<RespClient> {
    const timeoutMs = options.timeoutMs ?? 5000
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address.host, port: address.port })
      socket.setNoDelay(true)
      socket.setTimeout(timeoutMs)
      const onError = (error: Error) => {
        socket.destroy()
        reject(error)
      }
      const onTimeout = () =>
        onError(new Error(`connect to ${address.host}:${address.port} timed out after ${timeoutMs} ms`))
      socket.once('error', onError)
      socket.once('timeout', onTimeout)
      socket.once('connect', () => {
        socket.off('error', onError)
        socket.off('timeout', onTimeout)
        resolve(new RespClient(socket, address))
      })
    })
  }

  /** Sends one command, e.g. `command('SET', 'k', 'v')`, and resolves with its reply. */
  command(...args: Argument[]): Promise<RespValue> {
    if (this.closedError) return Promise.reject(this.closedError)
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject })
      this.socket.write(encodeCommand(args))
    })
  }

  /** Closes the connection; commands still waiting reject. */
  close(): void {
    this.fail(new Error('client closed'))
    this.socket.destroy()
  }

  private onData(chunk: Buffer): void {
    let replies: RespValue[]
    try {
      replies = this.parser.push(chunk)
    } catch (error) {
      this.fail(error as Error)
      this.socket.destroy()
      return
    }
    for (const reply of replies) {
      const waiter = this.pending.shift()
      if (!waiter) continue
      if (reply instanceof RespError) waiter.reject(reply)
      else waiter.resolve(reply)
    }
  }

  private fail(error: Error): void {
    this.closedError ??= error
    for (const waiter of this.pending.splice(0)) waiter.reject(error)
  }
}

function encodeCommand(args: Argument[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)]
  for (const arg of args) {
    const data = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg))
    parts.push(Buffer.from(`$${data.length}\r\n`), data, Buffer.from('\r\n'))
  }
  return Buffer.concat(parts)
}
