/** A short, safe description of an argument for error messages (never the content of objects). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'symbol' || typeof value === 'function') return `a ${typeof value}`
  if (value === null || typeof value !== 'object') return String(value)
  return Object.prototype.toString.call(value)
}
