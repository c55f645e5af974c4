import { REDIS_PROVIDE_KEY } from './provided-context'
import { startTopologies, type RedisTopologies, type StartTopologiesOptions } from './start-topologies'
import type { RedisTopologiesInfo } from './topology-info'
import { parseTopologyNames, TOPOLOGY_NAMES } from './topology-names'

/**
 * The part of vitest's `TestProject` the global setup uses (structural, so this module does not
 * import vitest at runtime).
 */
export interface GlobalSetupProject {
  provide(key: typeof REDIS_PROVIDE_KEY, value: RedisTopologiesInfo | undefined): void
  isRootProject?(): boolean
  config?: { globalSetup?: string | string[] }
  vitest?: { getRootProject(): { config?: { globalSetup?: string | string[] } } }
}

/** Options of {@link redisGlobalSetup}. */
export interface RedisGlobalSetupOptions extends StartTopologiesOptions {
  /** Where to print the one-line start summary; `false` for silence. Default `console.log`. */
  log?: ((line: string) => void) | false
}

interface Shared {
  topologies: Promise<RedisTopologies>
  users: number
}

const GLOBAL_KEY = Symbol.for('@cachex-js/testkit/redis/global-setup')

/**
 * Builds a vitest global setup that starts the Redis topologies once per test run, in parallel,
 * provides their connection info as `inject('cachexRedis')`, and stops them at teardown.
 *
 * Once per run, even with `test.projects` + `extends: true` (where every project inherits the root's
 * `globalSetup` and vitest calls it once per project): a project that merely inherited the root's
 * global setup is skipped (the root project's provided context reaches every project), and calls that
 * do run share one set of topologies per process.
 *
 * @example
 * // vitest.global-setup.ts
 * import { redisGlobalSetup } from '@cachex-js/testkit/redis'
 * export default redisGlobalSetup()
 * // vitest.config.ts: test: { globalSetup: [`${import.meta.dirname}/vitest.global-setup.ts`] }
 * // a test: const redis = inject('cachexRedis')?.standalone
 */
export function redisGlobalSetup(options: RedisGlobalSetupOptions = {}) {
  return async function setup(project: GlobalSetupProject): Promise<(() => Promise<void>) | undefined> {
    if (inheritedFromRoot(project)) return undefined
    const names = options.topologies ?? parseTopologyNames()
    const registry = sharedRegistry()
    const key = names.join(',')
    let shared = registry.get(key)
    if (!shared) {
      shared = { topologies: startTopologies({ ...options, topologies: names }), users: 0 }
      registry.set(key, shared)
      const log = options.log === undefined ? (line: string) => console.log(line) : options.log
      if (log)
        shared.topologies.then(
          (t) => log(summary(t)),
          () => undefined,
        )
    }
    shared.users++
    const current = shared
    let topologies: RedisTopologies
    try {
      topologies = await current.topologies
    } catch (error) {
      registry.delete(key)
      throw error
    }
    project.provide(REDIS_PROVIDE_KEY, topologies.info())
    return async () => {
      if (--current.users > 0) return
      registry.delete(key)
      await topologies.stop()
    }
  }
}

function inheritedFromRoot(project: GlobalSetupProject): boolean {
  if (!project.isRootProject || project.isRootProject()) return false
  const own = [project.config?.globalSetup ?? []].flat()
  const root = [project.vitest?.getRootProject().config?.globalSetup ?? []].flat()
  return own.length > 0 && own.length === root.length && own.every((file, i) => file === root[i])
}

function sharedRegistry(): Map<string, Shared> {
  const holder = globalThis as { [GLOBAL_KEY]?: Map<string, Shared> }
  return (holder[GLOBAL_KEY] ??= new Map<string, Shared>())
}

function summary(topologies: RedisTopologies): string {
  const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`)
  const info = topologies.info()
  const parts = TOPOLOGY_NAMES.flatMap((name) => {
    const topology = info[name]
    return topology ? [`${name} ${seconds(topology.startMs)}`] : []
  })
  return `[@cachex-js/testkit] redis ready in ${seconds(topologies.startMs)}: ${parts.join(', ') || 'no topologies'}`
}
