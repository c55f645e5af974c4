/**
 * What a run measures: the scenario x payload x concurrency cells every system goes through, the
 * cold-key herd variants, the lock cells and the redis-benchmark runs, for the full and the quick mode.
 */
import type { PayloadName } from './payloads.js'

/** The throughput scenarios. */
export type ScenarioName = 'get-hit' | 'get-miss' | 'set' | 'get-many-100' | 'set-many-100' | 'incr' | 'get-or-set-hot'

/** One measured cell. */
export interface Cell {
  scenario: ScenarioName
  payload: PayloadName
  concurrency: number
}

/** Timing of the cells. */
export interface Durations {
  warmupMs: number
  measureMs: number
}

/** A cold-key getOrSet herd: `processes` x `callersPerProcess` callers on one missing key, `rounds` times. */
export interface HerdVariant {
  processes: number
  callersPerProcess: number
}

/** Everything one run does. */
export interface Plan {
  mode: 'full' | 'quick'
  cells: Cell[]
  /** How many times every cell runs for every system (the best run is reported). */
  rounds: number
  durations: Durations
  /**
   * At 1 in flight the measured period is taken in this many slices, the systems of the cell taking one each in
   * turn (after each has warmed up): there every system mostly waits on the round trip, a few percent decide the
   * ranking, and the machine's speed drifts over the seconds a cell takes. Slices put every system in the same
   * stretch of time. Higher concurrencies take the period whole: draining 64 or 256 calls in flight at every
   * slice's end would cost large values much of a short slice.
   */
  slicesAtOneInFlight: number
  herd: { variants: HerdVariant[]; rounds: number; factoryDelayMs: number }
  locks: { concurrency: number[]; durations: Durations }
  redisBenchmark: { requests: number; clients: number; pipelines: number[]; dataSize: number }
}

const ALL_SCENARIOS: ScenarioName[] = [
  'get-hit',
  'get-miss',
  'set',
  'get-many-100',
  'set-many-100',
  'incr',
  'get-or-set-hot',
]

function cross(scenarios: ScenarioName[], payload: PayloadName, concurrency: number[]): Cell[] {
  return scenarios.flatMap((scenario) => concurrency.map((c) => ({ scenario, payload, concurrency: c })))
}

/** The full run (~10 minutes on 2 cores) or the quick one (well under a minute). */
export function makePlan(mode: 'full' | 'quick'): Plan {
  if (mode === 'quick') {
    return {
      mode,
      cells: [
        ...cross(ALL_SCENARIOS, '100B', [64]),
        ...cross(['get-hit', 'set', 'get-many-100'], '10KB', [1]),
        ...cross(['get-hit', 'set'], '1MB', [1]),
      ],
      rounds: 1,
      durations: { warmupMs: 20, measureMs: 80 },
      slicesAtOneInFlight: 4,
      herd: { variants: [{ processes: 2, callersPerProcess: 50 }], rounds: 1, factoryDelayMs: 30 },
      locks: { concurrency: [1], durations: { warmupMs: 20, measureMs: 80 } },
      redisBenchmark: { requests: 20_000, clients: 64, pipelines: [1, 16], dataSize: 100 },
    }
  }
  return {
    mode,
    cells: [
      ...cross(ALL_SCENARIOS, '100B', [1, 64, 256]),
      ...cross(['get-hit', 'set'], '10KB', [1, 64, 256]),
      ...cross(['get-many-100', 'set-many-100'], '10KB', [1, 64]),
      ...cross(['get-hit', 'set'], '1MB', [1, 64]),
    ],
    rounds: 2,
    durations: { warmupMs: 200, measureMs: 1000 },
    slicesAtOneInFlight: 10,
    herd: {
      variants: [
        { processes: 1, callersPerProcess: 100 },
        { processes: 4, callersPerProcess: 25 },
      ],
      rounds: 5,
      factoryDelayMs: 50,
    },
    locks: { concurrency: [1, 64], durations: { warmupMs: 200, measureMs: 1000 } },
    redisBenchmark: { requests: 400_000, clients: 64, pipelines: [1, 16], dataSize: 100 },
  }
}

/** The cells a system runs: those of its payload sizes and with the operations it has. */
export function cellsFor(cells: Cell[], system: { payloads?: readonly string[]; incr: boolean }): Cell[] {
  return cells.filter(
    (cell) =>
      (system.payloads === undefined || system.payloads.includes(cell.payload)) &&
      (system.incr || cell.scenario !== 'incr'),
  )
}
