/** Test support: prints the suite's figures in one greppable format (`[chaos] <name>: k=v ...`). */

/** Prints one figure line and returns it. */
export function reportFigure(name: string, figures: Record<string, unknown>): string {
  const parts = Object.entries(figures).map(([key, value]) => `${key}=${format(value)}`)
  const line = `[chaos] ${name}: ${parts.join(' ')}`
  console.log(line)
  return line
}

function format(value: unknown): string {
  if (typeof value === 'object' && value !== null) return JSON.stringify(value)
  return String(value)
}
