/** The topologies the harness can start for a test run. */
export type TopologyName = 'standalone' | 'replication' | 'sentinel' | 'cluster'

/** Every topology name, in start order. */
export const TOPOLOGY_NAMES: readonly TopologyName[] = ['standalone', 'replication', 'sentinel', 'cluster']

const ALIASES: Record<string, TopologyName> = { replicas: 'replication', replica: 'replication', sentinels: 'sentinel' }

/**
 * Reads a topology list such as `CACHEX_TEST_TOPOLOGIES=standalone,cluster`. Unset or empty or `all`
 * means every topology; `none` means none. Unknown names throw, listing the valid ones.
 */
export function parseTopologyNames(value: string | undefined = process.env.CACHEX_TEST_TOPOLOGIES): TopologyName[] {
  const text = (value ?? '').trim().toLowerCase()
  if (text === '' || text === 'all') return [...TOPOLOGY_NAMES]
  if (text === 'none') return []
  const names = new Set<TopologyName>()
  for (const raw of text.split(',')) {
    const word = raw.trim()
    if (word === '') continue
    const name = ALIASES[word] ?? word
    if (!(TOPOLOGY_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `unknown Redis topology "${word}" (CACHEX_TEST_TOPOLOGIES); use ${TOPOLOGY_NAMES.join(', ')}, all or none`,
      )
    }
    names.add(name as TopologyName)
  }
  return TOPOLOGY_NAMES.filter((name) => names.has(name))
}
