import { describe, expect, it } from 'vitest'
import { fenceKey, hasHashTag } from '@cachex-js/lock'

describe('fenceKey', () => {
  it('wraps an untagged key in a hash tag so the counter hashes like the lock', () => {
    expect(fenceKey(':1:orders')).toBe('{:1:orders}:fence')
  })

  it('keeps an existing hash tag by suffixing the key', () => {
    expect(hasHashTag(':1:{user:7}:lock')).toBe(true)
    expect(fenceKey(':1:{user:7}:lock')).toBe(':1:{user:7}:lock:fence')
  })

  it('treats an empty {} as no tag, as Redis Cluster does', () => {
    expect(hasHashTag('a{}b')).toBe(false)
    expect(hasHashTag('a}b{c')).toBe(false)
  })

  it('cannot wrap a key holding a stray "}" (the tag would end early), so it suffixes it', () => {
    expect(fenceKey('a{}b')).toBe('a{}b:fence')
  })
})
