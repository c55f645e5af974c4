/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and sums it up: self time by function, and self
 * time by owner (a cachex package, an npm package, Node internals, GC, idle).
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
}

/** One line of a summary. */
export interface ProfileLine {
  name: string
  /** Share of all samples (idle excluded). */
  share: number
  /** Share of all samples, including callees (functions only). */
  inclusive?: number
}

/** A profile summed up. */
export interface ProfileSummary {
  totalMs: number
  busyShare: number
  byOwner: ProfileLine[]
  byFunction: ProfileLine[]
}

/** Who a script URL belongs to: `cachex/<package>`, an npm package name, `node`, or a V8 pseudo-frame. */
export function ownerOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)'
  const cachex = /\/packages\/([^/]+)\/(?:src|dist)\//.exec(url)
  if (cachex) return `cachex/${cachex[1]}`
  if (url.includes('/apps/bench/')) return 'bench harness'
  const pnpm = /node_modules\/\.pnpm\/((?:@[^+]+\+)?[^@/]+)@/.exec(url)
  if (pnpm) return pnpm[1]!.replace('+', '/')
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (plain) return plain[1]!
  if (url.startsWith('node:')) return 'node internals'
  return basename(url)
}

/** Summarises the profile at `path`. */
export function summarizeProfile(path: string, top = 30): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const hits = (node: ProfileNode) => node.hitCount ?? 0
  const total = profile.nodes.reduce((sum, node) => sum + hits(node), 0)
  const idle = profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((s, n) => s + hits(n), 0)
  const busy = Math.max(1, total - idle)
  const owners = new Map<string, number>()
  const functions = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const nameOf = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame
    const owner = ownerOf(url, functionName)
    return url === '' ? functionName : `${functionName || '(anonymous)'} ${owner}:${basename(url)}:${lineNumber + 1}`
  }
  // Inclusive time: each sample counts once per distinct function on its stack.
  const walk = (node: ProfileNode, onStack: Set<string>): void => {
    const name = nameOf(node)
    const added = !onStack.has(name)
    if (added) onStack.add(name)
    for (const stackName of onStack) inclusive.set(stackName, (inclusive.get(stackName) ?? 0) + hits(node))
    for (const child of node.children ?? []) walk(byId.get(child)!, onStack)
    if (added) onStack.delete(name)
  }
  for (const node of profile.nodes) {
    if (node.callFrame.functionName === '(idle)') continue
    const owner = ownerOf(node.callFrame.url, node.callFrame.functionName)
    owners.set(owner, (owners.get(owner) ?? 0) + hits(node))
    const name = nameOf(node)
    functions.set(name, (functions.get(name) ?? 0) + hits(node))
  }
  walk(profile.nodes[0]!, new Set())
  const lines = (map: Map<string, number>, withInclusive: boolean) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]): ProfileLine => ({
        name,
        share: count / busy,
        ...(withInclusive && { inclusive: (inclusive.get(name) ?? 0) / busy }),
      }))
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    busyShare: busy / Math.max(1, total),
    byOwner: lines(owners, false),
    byFunction: lines(functions, true),
  }
}
