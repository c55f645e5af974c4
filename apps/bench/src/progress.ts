/**
 * A progress bar on stderr: `[#####.....] 42% 3m10s left  cachex-cbor get-hit 100B x64`. Redrawn in
 * place on a terminal; elsewhere (CI, a test) one line per step. Work is weighed in expected seconds.
 */
export class Progress {
  readonly #total: number
  readonly #tty: boolean
  readonly #started = Date.now()
  #done = 0
  #lastLine = 0

  constructor(totalSeconds: number, stream: NodeJS.WriteStream = process.stderr) {
    this.#total = Math.max(totalSeconds, 1e-9)
    this.#tty = stream.isTTY === true
    this.stream = stream
  }

  readonly stream: NodeJS.WriteStream

  /** Marks `seconds` of expected work done, labelled `label`. */
  advance(seconds: number, label: string): void {
    this.#done = Math.min(this.#total, this.#done + seconds)
    const fraction = this.#done / this.#total
    const elapsed = (Date.now() - this.#started) / 1000
    const left = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0
    const width = 30
    const filled = Math.round(fraction * width)
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`
    const line = `${bar} ${formatDuration(left)} left  ${label}`
    if (this.#tty) {
      const columns = this.stream.columns ?? 120
      this.stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(this.#lastLine, columns - 1))}`)
      this.#lastLine = Math.min(line.length, columns - 1)
    } else {
      this.stream.write(`${line}\n`)
    }
  }

  /** Ends the bar (a newline on a terminal). */
  finish(): void {
    if (this.#tty) this.stream.write('\n')
  }

  /** Prints a line above the bar. */
  log(text: string): void {
    this.stream.write(this.#tty ? `\r${' '.repeat(this.#lastLine)}\r${text}\n` : `${text}\n`)
  }
}

/** `1m05s`, `42s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}
