import { RespError } from './resp-error'

/** A decoded RESP2/RESP3 reply. Bulk strings decode as UTF-8; error replies nested in arrays stay {@link RespError}s. */
export type RespValue = string | number | bigint | boolean | null | RespError | RespValue[]

const INCOMPLETE = Symbol('incomplete')
type Parsed = { value: RespValue; next: number } | typeof INCOMPLETE

/**
 * Incremental RESP parser: feed it socket chunks, it yields every complete reply.
 * Covers what test tooling needs (RESP2 plus the scalar/aggregate RESP3 types); not tuned for throughput.
 */
export class RespParser {
  private buffer: Buffer = Buffer.alloc(0)

  /** Appends a chunk and returns the replies it completed, in order. */
  push(chunk: Buffer): RespValue[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    const replies: RespValue[] = []
    let offset = 0
    for (;;) {
      const parsed = parseAt(this.buffer, offset)
      if (parsed === INCOMPLETE) break
      replies.push(parsed.value)
      offset = parsed.next
    }
    this.buffer = this.buffer.subarray(offset)
    return replies
  }
}

function parseAt(buf: Buffer, start: number): Parsed {
  const lineEnd = buf.indexOf('\r\n', start)
  if (lineEnd < 0) return INCOMPLETE
  const type = String.fromCharCode(buf[start] ?? 0)
  const line = buf.toString('utf8', start + 1, lineEnd)
  const next = lineEnd + 2
  switch (type) {
    case '+':
      return { value: line, next }
    case '-':
      return { value: new RespError(line), next }
    case ':':
      return { value: toInteger(line), next }
    case ',':
      return { value: Number(line), next }
    case '(':
      return { value: BigInt(line), next }
    case '#':
      return { value: line === 't', next }
    case '_':
      return { value: null, next }
    case '$':
    case '=':
    case '!': {
      const length = Number(line)
      if (length < 0) return { value: null, next }
      if (buf.length < next + length + 2) return INCOMPLETE
      const text = buf.toString('utf8', next, next + length)
      const value = type === '!' ? new RespError(text) : type === '=' ? text.slice(4) : text
      return { value, next: next + length + 2 }
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      const count = Number(line)
      if (count < 0) return { value: null, next }
      const items = type === '%' || type === '|' ? count * 2 : count
      const values: RespValue[] = []
      let offset = next
      for (let i = 0; i < items; i++) {
        const item = parseAt(buf, offset)
        if (item === INCOMPLETE) return INCOMPLETE
        values.push(item.value)
        offset = item.next
      }
      // Attributes (`|`) annotate the reply that follows; skip them.
      if (type === '|') return parseAt(buf, offset)
      return { value: values, next: offset }
    }
    default:
      throw new Error(`RESP protocol error: unexpected type byte ${JSON.stringify(type)}`)
  }
}

function toInteger(text: string): number | bigint {
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : BigInt(text)
}
