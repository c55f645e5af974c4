/**
 * The data each scenario works on and the operation it repeats. Keys and values are built before the
 * clock starts, so the measured loop only does what the system under test does.
 */
import type { Operation } from './measure.js'
import { makePayload, type PayloadName } from './payloads.js'
import type { Cell } from './plan.js'
import type { BenchSystem, Entry } from './systems/system.js'

/** Seconds every value lives: longer than a run, so a value seeded in the first round is still there in the last. */
export const TTL_SECONDS = 24 * 3600

const BATCH = 100

/** How many distinct keys (and values) each payload size cycles through. */
const SHAPE: Record<PayloadName, { keys: number; values: number }> = {
  '100B': { keys: 1000, values: 16 },
  '10KB': { keys: 200, values: 8 },
  '1MB': { keys: 8, values: 4 },
}

/** The keys and values of one payload size, seeded once per system. */
interface Dataset {
  hitKeys: string[]
  missKeys: string[]
  setKeys: string[]
  values: unknown[]
  hitBatches: string[][]
  setBatches: Entry[][]
  counters: string[]
  hotKey: string
}

/** Throws unless a `get` hit: a miss where a hit was meant would measure the wrong thing. */
function hit(value: unknown): unknown {
  if (value === undefined) throw new Error('get-hit missed: the seeded value is gone')
  return value
}

/** Throws unless a `getMany` found all `expected` keys (as a record, or an array with `undefined` for misses). */
function foundAll(result: unknown, expected: number): unknown {
  const found = Array.isArray(result)
    ? result.filter((value) => value !== undefined).length
    : Object.keys(result as object).length
  if (found !== expected) throw new Error(`get-many found ${found} of ${expected} seeded keys`)
  return result
}

/** `items` in consecutive batches of exactly `size` (a shorter tail is left out). */
function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let at = 0; at + size <= items.length; at += size) out.push(items.slice(at, at + size))
  return out
}

/** Prepares the data of every payload size lazily and builds each cell's operation. */
export class ScenarioData {
  readonly #datasets = new Map<PayloadName, Dataset>()

  constructor(private readonly system: BenchSystem) {}

  async #dataset(payload: PayloadName): Promise<Dataset> {
    const ready = this.#datasets.get(payload)
    if (ready !== undefined) return ready
    const shape = SHAPE[payload]
    const values = Array.from({ length: shape.values }, (_, seed) => makePayload(payload, seed + 1))
    const key = (kind: string, i: number) => `${kind}:${payload}:${i}`
    const hitKeys = Array.from({ length: shape.keys }, (_, i) => key('hit', i))
    const setKeys = Array.from({ length: shape.keys }, (_, i) => key('set', i))
    const dataset: Dataset = {
      hitKeys,
      missKeys: Array.from({ length: shape.keys }, (_, i) => key('miss', i)),
      setKeys,
      values,
      hitBatches: batches(hitKeys, BATCH),
      setBatches: batches(
        setKeys.map((k, i): Entry => [k, values[i % values.length]]),
        BATCH,
      ),
      counters: Array.from({ length: 100 }, (_, i) => key('counter', i)),
      hotKey: key('hot', 0),
    }
    // Seed through the system itself, so every value is in its own format; a few at a time.
    for (let at = 0; at < hitKeys.length; at += 16) {
      const chunk = hitKeys.slice(at, at + 16)
      await Promise.all(chunk.map((k, i) => this.system.set(k, values[(at + i) % values.length], TTL_SECONDS)))
    }
    this.#datasets.set(payload, dataset)
    return dataset
  }

  /** The operation a cell repeats, after preparing what it reads. */
  async operation(cell: Cell, factoryRuns: { count: number }): Promise<Operation> {
    const data = await this.#dataset(cell.payload)
    const system = this.system
    const pick = <T>(list: T[], i: number): T => list[i % list.length]!
    switch (cell.scenario) {
      case 'get-hit':
        return (i) => system.get(pick(data.hitKeys, i)).then(hit)
      case 'get-miss':
        return (i) => system.get(pick(data.missKeys, i))
      case 'set':
        return (i) => system.set(pick(data.setKeys, i), pick(data.values, i), TTL_SECONDS)
      case 'get-many-100':
        return (i) => system.getMany(pick(data.hitBatches, i)).then((result) => foundAll(result, BATCH))
      case 'set-many-100':
        return (i) => system.setMany(pick(data.setBatches, i), TTL_SECONDS)
      case 'incr': {
        const incr = system.incr?.bind(system)
        if (incr === undefined) throw new Error('this system has no incr')
        await Promise.all(data.counters.map((k) => system.set(k, 0, TTL_SECONDS)))
        return (i) => incr(pick(data.counters, i))
      }
      case 'get-or-set-hot': {
        const value = data.values[0]
        const factory = (): Promise<unknown> => {
          factoryRuns.count++
          return Promise.resolve(value)
        }
        await system.getOrSet(data.hotKey, factory, TTL_SECONDS)
        factoryRuns.count = 0
        return () => system.getOrSet(data.hotKey, factory, TTL_SECONDS)
      }
    }
  }
}
