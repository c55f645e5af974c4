/**
 * No code-executing deserializer anywhere: no `eval`/`new Function`/`vm` in cachex's sources; the cbor
 * decoder's "generic object" tag (27) only ever builds an `Error` or a `RegExp`; record definitions (cbor-x
 * and msgpackr compile readers for them with `new Function`) with hostile key names stay data, past the
 * point where the libraries switch to compiled readers; JSON is parsed without a reviver.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { Serializer } from '@cachex-js/core'
import { cborSerializer, jsonSerializer } from '@cachex-js/serializers'
import { msgpackSerializer } from '@cachex-js/serializer-msgpack'

const root = join(import.meta.dirname, '..', '..', '..')
/** The encoders our serializers' own dependencies provide (resolved the way those packages resolve them). */
const cborX = createRequire(join(root, 'packages', 'serializers', 'package.json'))('cbor-x') as {
  Encoder: new (options: object) => { encode(value: unknown): Uint8Array }
}
const msgpackr = createRequire(join(root, 'packages', 'serializer-msgpack', 'package.json'))('msgpackr') as {
  Packr: new (options: object) => { pack(value: unknown): Uint8Array }
}

declare global {
  var __cachexPwned: unknown
}
const PAYLOAD = 'globalThis.__cachexPwned = 1'

afterEach(() => {
  expect(globalThis.__cachexPwned, 'attacker code ran').toBeUndefined()
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : []
  })
}

/** `JSON.parse(text, reviver)`: a second argument after a (possibly call-containing) first one. */
const REVIVER = /JSON\.parse\((?:[^(),]|\([^()]*\))*,/

describe('sources', () => {
  it('no package source evaluates code (eval, new Function, vm) or revives JSON', () => {
    const packages = readdirSync(join(root, 'packages'))
    const offenders: string[] = []
    let scanned = 0
    for (const name of packages) {
      const src = join(root, 'packages', name, 'src')
      let files: string[]
      try {
        files = sourceFiles(src)
      } catch {
        continue
      }
      for (const file of files) {
        scanned++
        const raw = readFileSync(file, 'utf8')
        if (/(?:from|require\()\s*['"](?:node:)?vm['"]/.test(raw)) offenders.push(`${file}: imports vm`)
        // string literals blanked (their commas and parentheses are not code)
        const code = raw.replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, "''")
        for (const pattern of [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(/, REVIVER]) {
          if (pattern.test(code)) offenders.push(`${file.slice(root.length + 1)}: ${String(pattern)}`)
        }
      }
    }
    expect(scanned).toBeGreaterThan(50)
    expect(offenders).toEqual([])
  })
})

describe('cbor', () => {
  it('tag 27 ("generic object") never calls what it names: eval, Function, require, process...', () => {
    const names = ['eval', 'Function', 'require', 'process', 'setTimeout', 'import', 'constructor', '__proto__']
    for (const name of [...names, 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'isPrototypeOf']) {
      const nameBytes = Buffer.from(name)
      const argBytes = Buffer.from(PAYLOAD)
      const bytes = Buffer.concat([
        Buffer.from([0xd8, 0x1b, 0x82, 0x60 + nameBytes.length]),
        nameBytes,
        Buffer.from([0x78, argBytes.length]),
        argBytes,
      ])
      let value: unknown
      try {
        value = cborSerializer.deserialize(bytes)
      } catch (error) {
        expect(error, name).toMatchObject({ code: 'E_DESERIALIZATION' })
        continue
      }
      // cbor-x builds Error (or RegExp) objects from this tag, falling back to Error for unknown names; an
      // inherited name such as "constructor" reaches Object(), which only boxes the string. No code runs.
      expect(typeof value, name).not.toBe('function')
      if (names.slice(0, 6).includes(name)) expect(value instanceof Error, `${name} -> ${typeof value}`).toBe(true)
    }
  })

  it.each([
    ['cbor-x records', cborSerializer, (value: unknown) => new cborX.Encoder({ useRecords: true }).encode(value)],
    ['msgpackr records', msgpackSerializer, (value: unknown) => new msgpackr.Packr({ useRecords: true }).pack(value)],
  ] as [string, Serializer, (value: unknown) => Uint8Array][])(
    '%s with hostile key names stay data, past the compiled-reader threshold',
    (_name, serializer, encode) => {
      const hostileKey = fc.oneof(
        fc.constantFrom(
          `a:1}),${PAYLOAD},({b`,
          `a'+${PAYLOAD}+'`,
          `\`;${PAYLOAD};\``,
          `]:r()});${PAYLOAD};({[`,
          '__proto__',
          'constructor',
          'prototype',
          `\\u0061:r(),${PAYLOAD}`,
        ),
        fc.string(),
      )
      fc.assert(
        fc.property(fc.uniqueArray(hostileKey, { minLength: 1, maxLength: 4 }), (keys) => {
          const value = Object.fromEntries(keys.map((key, i) => [key, i]))
          const bytes = encode(value)
          for (let i = 0; i < 5; i++) {
            const decoded = serializer.deserialize(bytes) as Record<string, unknown>
            expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
            for (const [i, key] of keys.entries()) {
              // both libraries rename an own "__proto__" key to "__proto_" rather than set the prototype
              expect(decoded[key === '__proto__' ? '__proto_' : key]).toBe(i)
            }
          }
        }),
        { numRuns: 200 },
      )
    },
  )
})

describe('json', () => {
  it('parses without a reviver: hostile strings are strings', () => {
    fc.assert(
      fc.property(fc.constantFrom(PAYLOAD, `"+${PAYLOAD}+"`, `</script>${PAYLOAD}`), fc.string(), (code, key) => {
        const bytes = jsonSerializer.serialize({ [key]: code, code })
        expect(jsonSerializer.deserialize(bytes)).toEqual({ [key]: code, code })
      }),
    )
  })
})
