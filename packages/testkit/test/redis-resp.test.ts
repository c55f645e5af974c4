import { describe, expect, it } from 'vitest'
import { parseInfo, RespError, RespParser } from '@cachex-js/testkit/redis'

describe('RespParser', () => {
  it('decodes RESP2 replies, across chunk boundaries', () => {
    const parser = new RespParser()
    const wire = Buffer.from('+OK\r\n-ERR boom\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n')
    const replies = []
    for (let i = 0; i < wire.length; i += 3) replies.push(...parser.push(wire.subarray(i, i + 3)))
    expect(replies).toHaveLength(6)
    expect(replies[0]).toBe('OK')
    expect(replies[1]).toBeInstanceOf(RespError)
    expect((replies[1] as RespError).code).toBe('ERR')
    expect(replies.slice(2)).toEqual([42, 'hello', null, ['a', [1]]])
  })

  it('decodes the RESP3 types', () => {
    const parser = new RespParser()
    const replies = parser.push(
      Buffer.from('%1\r\n+k\r\n#t\r\n_\r\n,1.5\r\n(12345678901234567890\r\n=7\r\ntxt:abc\r\n'),
    )
    expect(replies).toEqual([['k', true], null, 1.5, 12345678901234567890n, 'abc'])
  })

  it('parseInfo reads INFO text', () => {
    expect(parseInfo('# Replication\r\nrole:master\r\nconnected_slaves:1\r\n\r\n# Other\r\nx:a:b\r\n')).toEqual({
      role: 'master',
      connected_slaves: '1',
      x: 'a:b',
    })
  })
})
