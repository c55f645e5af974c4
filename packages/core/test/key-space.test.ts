import { describe, expect, it } from 'vitest'
import { KeySpace, defaultKeyFunction, globEscape, globToRegExp, isCachexError } from '@cachex-js/core'

describe('KeySpace', () => {
  it('makes Django-compatible keys', () => {
    expect(new KeySpace().makeKey('key')).toBe(':1:key')
    expect(new KeySpace({ keyPrefix: 'shop' }).makeKey('key')).toBe('shop:1:key')
    expect(new KeySpace({ keyPrefix: 'shop', version: 3 }).makeKey('key')).toBe('shop:3:key')
    expect(new KeySpace({ keyPrefix: 'shop' }).makeKey('key', 7)).toBe('shop:7:key')
    expect(defaultKeyFunction('a', 'p', 2)).toBe('p:2:a')
  })

  it('accepts any string key and rejects anything else with E_INVALID_KEY', () => {
    const space = new KeySpace()
    expect(space.makeKey('ключ with spaces:and:colons')).toBe(':1:ключ with spaces:and:colons')
    expect(space.makeKey('')).toBe(':1:')
    for (const bad of [1, null, undefined, {}, Symbol('s'), ['a']]) {
      expect(() => space.makeKey(bad as never)).toThrow(expect.objectContaining({ code: 'E_INVALID_KEY' }))
    }
  })

  it('rejects non-integer versions with E_CONFIG', () => {
    expect(() => new KeySpace({ version: 1.5 })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
    expect(() => new KeySpace().makeKey('a', Number.NaN)).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
    expect(() => new KeySpace({ keyPrefix: 3 as never })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }))
  })

  it('uses a custom key function and its reverse', () => {
    const space = new KeySpace({
      keyPrefix: 'p',
      keyFunction: (key, prefix, version) => `${prefix}|${version}|${key}`,
      reverseKeyFunction: (full) => full.split('|').slice(2).join('|'),
    })
    expect(space.makeKey('a|b')).toBe('p|1|a|b')
    expect(space.reverseKey('p|1|a|b')).toBe('a|b')
    expect(space.makePattern('a*')).toBe('p|1|a*')
    expect(space.clearPattern()).toBe('p|*|*')
  })

  it('reverses default keys even when the prefix or key holds colons', () => {
    const space = new KeySpace({ keyPrefix: 'a:b' })
    expect(space.reverseKey(space.makeKey('c:d', 12))).toBe('c:d')
    expect(new KeySpace().reverseKey(':1:x:y')).toBe('x:y')
  })

  it('escapes glob characters of the prefix in patterns', () => {
    const space = new KeySpace({ keyPrefix: 'a*[b]?\\' })
    expect(space.makePattern('k*')).toBe('a\\*\\[b\\]\\?\\\\:1:k*')
    expect(space.makePattern('*', 4)).toBe('a\\*\\[b\\]\\?\\\\:4:*')
    expect(space.clearPattern()).toBe('a\\*\\[b\\]\\?\\\\:*:*')
    expect(space.clearPattern(2)).toBe('a\\*\\[b\\]\\?\\\\:2:*')
    const regexp = globToRegExp(space.makePattern('*'))
    expect(regexp.test(space.makeKey('x'))).toBe(true)
    expect(regexp.test('aXXX[b]?\\:1:x')).toBe(false)
  })

  it('plans version moves', () => {
    const space = new KeySpace({ keyPrefix: 'p', version: 2 })
    expect(space.versionMove('k')).toEqual({ from: 'p:2:k', to: 'p:3:k', version: 2, newVersion: 3 })
    expect(space.versionMove('k', -2, 5)).toEqual({ from: 'p:5:k', to: 'p:3:k', version: 5, newVersion: 3 })
    expect(() => space.versionMove('k', 0.5)).toThrow(expect.objectContaining({ code: 'E_NOT_AN_INTEGER' }))
    try {
      space.versionMove(1 as never)
    } catch (error) {
      expect(isCachexError(error, 'E_INVALID_KEY')).toBe(true)
    }
  })
})

describe('globs', () => {
  const cases: [string, string, boolean][] = [
    ['*', '', true],
    ['*', 'anything', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['h[ae]llo', 'hello', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hallo', true],
    ['h[a-b]llo', 'hcllo', false],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['é*', 'été', true],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['k\nx', 'k\nx', true],
    ['*', 'multi\nline', true],
  ]
  it.each(cases)('%j matches %j: %s', (pattern, text, expected) => {
    expect(globToRegExp(pattern).test(text)).toBe(expected)
  })

  it('escapes so that text only matches itself', () => {
    for (const text of ['a*b', '[x]', 'q?', 'back\\slash', 'plain']) {
      expect(globToRegExp(globEscape(text)).test(text)).toBe(true)
      expect(globToRegExp(globEscape(text)).test(`${text}x`)).toBe(false)
    }
  })
})
