/** Writes a report as `results.json`, `README.md` and `throughput.svg` in a directory. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderReport } from './report/markdown.js'
import { renderSvgChart } from './report/svg-chart.js'
import type { BenchReport } from './results.js'

/** The files {@link writeReport} writes. */
export const REPORT_FILES = { json: 'results.json', markdown: 'README.md', chart: 'throughput.svg' } as const

/** Writes the three files into `dir` (created if needed); returns their paths. */
export function writeReport(report: BenchReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true })
  const files = [
    [REPORT_FILES.json, `${JSON.stringify(report, null, 2)}\n`],
    [REPORT_FILES.markdown, renderReport(report, REPORT_FILES.chart)],
    [REPORT_FILES.chart, renderSvgChart(report)],
  ] as const
  return files.map(([name, text]) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  })
}
