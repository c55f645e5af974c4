/** Number formatting shared by the console table, the Markdown report and the chart. */

/** `1.23M`, `45.6k`, `789`. */
export function formatOps(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`
  if (value >= 1e3) return `${(value / 1e3).toFixed(2)}k`
  return value.toFixed(value >= 100 ? 0 : 1)
}

/** Milliseconds with sensible precision: `0.041`, `1.27`, `35.2`, `1234`. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value >= 1000) return value.toFixed(0)
  if (value >= 10) return value.toFixed(1)
  if (value >= 1) return value.toFixed(2)
  return value.toFixed(3)
}

/** `0.97x`. */
export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : `${value.toFixed(2)}x`
}

/** A percentage: `93%`. */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : 'n/a'
}
