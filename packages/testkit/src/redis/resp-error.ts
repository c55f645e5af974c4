/** An error reply (`-ERR ...`) from a Redis server, as decoded by {@link RespParser}. */
export class RespError extends Error {
  /** The first word of the reply, e.g. `ERR`, `MOVED`, `LOADING`. */
  readonly code: string

  constructor(message: string) {
    super(message)
    this.name = 'RespError'
    this.code = message.split(' ', 1)[0] ?? ''
  }
}
