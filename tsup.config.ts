/**
 * The one tsup configuration every package builds with (`tsup --config ../../tsup.config.ts`).
 *
 * Entry points are read from the package's own `exports`: every subpath with a
 * `@cachex-js/source` condition is built to ESM (`.js` + `.d.ts`) and CJS (`.cjs` + `.d.cts`),
 * so `package.json` stays the single source of truth for what a package publishes.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'tsup'

const SOURCE_CONDITION = '@cachex-js/source'

interface PackageJson {
  exports?: Record<string, string | Record<string, unknown>>
}

function entriesFromExports(cwd: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as PackageJson
  const entries: Record<string, string> = {}
  for (const target of Object.values(pkg.exports ?? {})) {
    if (typeof target !== 'object') continue
    const source = target[SOURCE_CONDITION]
    if (typeof source !== 'string') continue
    const name = source.replace(/^\.\/src\//, '').replace(/\.ts$/, '')
    entries[name] = source
  }
  if (Object.keys(entries).length === 0) throw new Error(`no "${SOURCE_CONDITION}" exports in ${cwd}/package.json`)
  return entries
}

export default defineConfig({
  entry: entriesFromExports(process.cwd()),
  format: ['esm', 'cjs'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
  treeshake: true,
  shims: false,
})
