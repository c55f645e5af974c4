import { execFile } from 'node:child_process'
import { CLEANUP_SCRIPT } from './cleanup-script'
import { stateRoot } from './state-root'

/** Result of {@link sweepStaleRuns}. */
export interface SweepResult {
  /** Run dirs of dead processes that were removed. */
  runs: number
  /** redis-server processes of those runs that were killed. */
  killed: number
}

/**
 * Kills the redis-server processes left behind by harness runs whose process is gone (a SIGKILLed test
 * run whose watchdog was killed too, a crashed machine's tmpdir...) and removes their run dirs. Runs of
 * live processes, and processes that are not a redis-server started for that run, are never touched.
 * {@link RunState} runs it once per process before starting anything.
 */
export function sweepStaleRuns(options: { root?: string } = {}): Promise<SweepResult> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  env.CACHEX_REDIS_CLEANUP = JSON.stringify({ mode: 'sweep', root: options.root ?? stateRoot() })
  delete env.NODE_OPTIONS
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', CLEANUP_SCRIPT], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`stale-run sweep failed: ${error.message}\n${stderr}`))
      else resolve(JSON.parse(stdout || '{"runs":0,"killed":0}') as SweepResult)
    })
  })
}
