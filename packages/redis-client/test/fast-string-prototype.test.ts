import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { restoreFastStringPrototype } from '../src/fast-string-prototype.js'
import { packageDir, tsxCli } from './support/tsx-cli.js'
import { sharedRedis } from './support/shared-redis.js'

const { standalone } = sharedRedis()
const run = promisify(execFile)

/** Runs `script` in a fresh `node --allow-natives-syntax` and parses the JSON it prints. */
async function natives(script: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--allow-natives-syntax', '-e', script], { timeout: 20_000 })
  return JSON.parse(stdout) as unknown
}

describe('restoreFastStringPrototype', () => {
  it('puts String.prototype back in fast mode after a class extends String (what ioredis does)', async () => {
    const result = await natives(`
      class VerbatimString extends String {}
      const afterSubclass = %HasFastProperties(String.prototype)
      const loads = (${restoreFastStringPrototype.toString()})()
      const restored = %HasFastProperties(String.prototype)
      class Another extends String {}
      console.log(JSON.stringify({ afterSubclass, loads, restored, afterAnother: %HasFastProperties(String.prototype) }))
    `)
    // afterSubclass: the V8 behaviour this works around (Node 20); if a newer V8 keeps it fast, so much the better
    expect(result).toEqual({ afterSubclass: false, loads: 1000, restored: true, afterAnother: true })
  })

  it('leaves an already fast String.prototype fast, with every method in place', async () => {
    const result = await natives(`
      const before = Object.getOwnPropertyNames(String.prototype).sort().join()
      ;(${restoreFastStringPrototype.toString()})()
      const after = Object.getOwnPropertyNames(String.prototype).sort().join()
      console.log(JSON.stringify({ fast: %HasFastProperties(String.prototype), same: before === after, text: 'abc'.toUpperCase() }))
    `)
    expect(result).toEqual({ fast: true, same: true, text: 'ABC' })
  })

  it('is done by importing the package: String.prototype is fast once it is imported, and after a cache is used', async () => {
    const { stdout } = await run(
      process.execPath,
      [tsxCli, '--conditions=@cachex-js/source', 'test/fixtures/string-prototype-worker.ts', standalone.url],
      { cwd: packageDir, timeout: 30_000 },
    )
    expect(JSON.parse(stdout)).toEqual({ afterIoredis: false, afterImport: true, afterCache: true, roundTrip: 'x' })
  })
})
