import { describe, expect, it } from 'vitest'
import { CachexError, ErrorCode, KeyNotFoundError, errors, isCachexError } from '@cachex-js/core'

describe('errors', () => {
  it('carries a stable code, context and cause', () => {
    const cause = new Error('boom')
    const error = new KeyNotFoundError('no such key', { cause, context: { key: 'a' } })
    expect(error).toBeInstanceOf(CachexError)
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('E_KEY_NOT_FOUND')
    expect(error.name).toBe('KeyNotFoundError')
    expect(error.cause).toBe(cause)
    expect(error.context.key).toBe('a')
  })

  it('maps every code to a class that produces that code', () => {
    for (const code of Object.values(ErrorCode)) {
      const error = new errors[code]('x')
      expect(error.code).toBe(code)
      expect(isCachexError(error, code)).toBe(true)
    }
    expect(isCachexError(new Error('plain'))).toBe(false)
  })
})
