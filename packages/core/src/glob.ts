/**
 * Redis glob patterns (the syntax of `KEYS`, `SCAN MATCH`): `*` any run of characters, `?` one character,
 * `[abc]` / `[^abc]` / `[a-z]` character classes, `\x` the character `x` literally.
 */

const GLOB_SPECIAL = /[*?[\]\\]/g

/** Escapes glob characters so `text` only matches itself: `a*` -> `a\*`. */
export function globEscape(text: string): string {
  return text.replace(GLOB_SPECIAL, '\\$&')
}

const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/-]/g

function escapeRegExpChar(char: string): string {
  return char.replace(REGEXP_SPECIAL, '\\$&')
}

/**
 * Compiles a Redis glob into an anchored `RegExp` with Redis's matching rules, so in-process backends
 * (MemoryCache) match exactly the keys Redis would.
 */
export function globToRegExp(pattern: string): RegExp {
  const chars = Array.from(pattern)
  let source = ''
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!
    if (char === '*') {
      source += '[\\s\\S]*'
    } else if (char === '?') {
      source += '[\\s\\S]'
    } else if (char === '\\' && i + 1 < chars.length) {
      source += escapeRegExpChar(chars[++i]!)
    } else if (char === '[') {
      const end = findClassEnd(chars, i + 1)
      if (end === -1) {
        // Redis treats an unterminated class as running to the end of the pattern.
        source += classSource(chars.slice(i + 1))
        break
      }
      source += classSource(chars.slice(i + 1, end))
      i = end
    } else {
      source += escapeRegExpChar(char)
    }
  }
  return new RegExp(`^${source}$`, 'u')
}

function findClassEnd(chars: string[], from: number): number {
  for (let i = from; i < chars.length; i++) {
    if (chars[i] === '\\') i++
    else if (chars[i] === ']') return i
  }
  return -1
}

function classSource(body: string[]): string {
  let negate = false
  let start = 0
  if (body[0] === '^') {
    negate = true
    start = 1
  }
  let out = ''
  for (let i = start; i < body.length; i++) {
    const char = body[i]!
    if (char === '\\' && i + 1 < body.length) {
      out += escapeRegExpChar(body[++i]!)
    } else if (body[i + 1] === '-' && i + 2 < body.length) {
      let from = char
      let to = body[i + 2]!
      if (from > to) [from, to] = [to, from] // Redis accepts reversed ranges
      out += `${escapeRegExpChar(from)}-${escapeRegExpChar(to)}`
      i += 2
    } else {
      out += escapeRegExpChar(char)
    }
  }
  if (out === '') return negate ? '[\\s\\S]' : '(?!)'
  return negate ? `[^${out}]` : `[${out}]`
}
