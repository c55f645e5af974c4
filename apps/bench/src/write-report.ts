/** Writes a report as `results.json`, `README.md` and `throughput.svg` in a directory. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderReport } from './report/markdown.js'
import { renderSvgChart } from './report/svg-chart.js'
import type { BenchReport } from './results.js'

/** The files {@link writeReport} writes. */
export const REPORT_FILES = { json: 'results.json', markdown: 'README.md', chart: 'throughput.svg' } as const

/** Markdown as the repository's prettier would write it (so `pnpm lint` passes on the committed report). */
async function formatMarkdown(text: string, path: string): Promise<string> {
  try {
    const prettier = await import('prettier')
    const config = (await prettier.resolveConfig(path)) ?? {}
    return await prettier.format(text, { ...config, filepath: path })
  } catch {
    return text // prettier is a dev tool of the repository: without it the report is still written
  }
}

/** Writes the three files into `dir` (created if needed); resolves their paths. */
export async function writeReport(report: BenchReport, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true })
  const markdownPath = join(dir, REPORT_FILES.markdown)
  const files = [
    [join(dir, REPORT_FILES.json), `${JSON.stringify(report, null, 2)}\n`],
    [markdownPath, await formatMarkdown(renderReport(report, REPORT_FILES.chart), markdownPath)],
    [join(dir, REPORT_FILES.chart), renderSvgChart(report)],
  ] as const
  for (const [path, text] of files) writeFileSync(path, text)
  return files.map(([path]) => path)
}
