import { describe, expect, it } from 'vitest'
import { MAX_EXPIRY_MS, resolveExpiry } from '@cachex-js/core'

describe('resolveExpiry', () => {
  it('takes the default for undefined', () => {
    expect(resolveExpiry(undefined, 300)).toEqual({ kind: 'expire', ms: 300_000 })
    expect(resolveExpiry(undefined, null)).toEqual({ kind: 'persist' })
  })
  it('never expires for null and Infinity', () => {
    expect(resolveExpiry(null, 300)).toEqual({ kind: 'persist' })
    expect(resolveExpiry(Infinity, 300)).toEqual({ kind: 'persist' })
  })
  it('deletes for zero and negatives', () => {
    for (const t of [0, -0, -1, -0.001, -Infinity]) expect(resolveExpiry(t, 300)).toEqual({ kind: 'delete' })
  })
  it('keeps millisecond precision, at least 1 ms, clamped', () => {
    expect(resolveExpiry(1.5, null)).toEqual({ kind: 'expire', ms: 1500 })
    expect(resolveExpiry(0.0001, null)).toEqual({ kind: 'expire', ms: 1 })
    expect(resolveExpiry(60 * 60 * 24 * 30 + 1, null)).toEqual({ kind: 'expire', ms: 2_592_001_000 })
    expect(resolveExpiry(1e300, null)).toEqual({ kind: 'expire', ms: MAX_EXPIRY_MS })
  })
  it('rejects NaN and non-numbers with E_CONFIG', () => {
    for (const bad of [Number.NaN, '5', 5n, {}, true]) {
      expect(() => resolveExpiry(bad as never, 300)).toThrow(
        expect.objectContaining({ code: 'E_CONFIG', context: { field: 'timeout' } }),
      )
    }
  })
})
