/** The machine, runtime and library versions a report is stamped with. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os'
import { dirname, join } from 'node:path'

const benchRequire = createRequire(new URL('../package.json', import.meta.url))

/** Where each library is resolved from: a dependency of the bench, or of another package. */
const RESOLVED_FROM: Record<string, string> = {
  'cbor-x': '@cachex-js/serializers',
  fflate: '@cachex-js/compressors',
}

function packageDir(name: string, from: NodeJS.Require): string {
  // Some packages do not export package.json: walk up from their entry point instead.
  let dir = dirname(from.resolve(name))
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }
      if (manifest.name === name) return dir
    } catch {
      // not here
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`package.json of ${name} not found`)
    dir = parent
  }
}

/** The installed version of an npm package the bench uses (directly or through another one). */
export function packageVersion(name: string): string {
  try {
    const owner = RESOLVED_FROM[name]
    const from = owner ? createRequire(join(packageDir(owner, benchRequire), 'package.json')) : benchRequire
    const manifest = JSON.parse(readFileSync(join(packageDir(name, from), 'package.json'), 'utf8')) as {
      version: string
    }
    return manifest.version
  } catch {
    return 'unknown'
  }
}

/** The machine as the report describes it. */
export function machine(): { cpuModel: string; cpus: number; totalMemoryGb: number; os: string } {
  const list = cpus()
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpus: list.length,
    totalMemoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${osType()} ${release()}`,
  }
}

/** The 1, 5 and 15-minute load averages, rounded. */
export function loadAverage(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100)
}
