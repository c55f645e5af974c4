/**
 * The deadlines of the commands one runner has in flight on one client, enforced by one timer instead of
 * one per command.
 *
 * ioredis' own `commandTimeout` arms and clears a timer for every command (and reshapes the command object
 * when it clears it): about a quarter of a small `get`'s client CPU at 64 calls in flight. Here every command
 * gets the same allowance, so deadlines come in the order commands are sent: the queue's head has the
 * earliest, and a single timer, armed for it, finds every overdue command when it fires. An overdue
 * command is rejected as ioredis' `commandTimeout` would (`Command timed out`, which becomes `E_TIMEOUT`);
 * its late reply, if one ever comes, is dropped by ioredis like any reply to a settled command.
 *
 * Settled commands leave the queue lazily (from the head when a command is sent or the timer fires, and
 * by a sweep when the queue grows), so the hot path does no bookkeeping when a reply arrives.
 */
import type { Command } from 'ioredis'

/** Entries beyond which a send sweeps settled commands out of the middle of the queue too. */
const SWEEP_AT = 4096

/**
 * Slots an emptied queue keeps for reuse. One or a few commands in flight (a lone caller) then write into the
 * same slots every time instead of truncating the arrays and growing them again (a runtime call and two
 * allocations per command); a queue that grew past this after a burst is truncated, letting its memory go.
 */
const KEPT_SLOTS = 1024

/** Deadlines of in-flight commands on one client (see the module comment). */
export class DeadlineQueue {
  #commands: (Command | undefined)[] = []
  #deadlines: number[] = []
  /** The first slot that may hold an unsettled command. */
  #head = 0
  /** One past the last slot in use (the arrays may be longer: slots kept for reuse). */
  #end = 0
  #sweepAt = SWEEP_AT
  #timer: NodeJS.Timeout | undefined

  /** @param timeoutMs - how long each command may wait for its reply */
  constructor(readonly timeoutMs: number) {}

  /** Starts `command`'s clock (call it as the command is sent). */
  watch(command: Command): void {
    this.#dropSettled()
    if (this.#end - this.#head >= this.#sweepAt) this.#sweep()
    const end = this.#end++
    this.#commands[end] = command
    this.#deadlines[end] = performance.now() + this.timeoutMs
    if (this.#timer === undefined) this.#arm(this.timeoutMs)
  }

  /** Commands watched and not yet known to be settled (for tests and diagnostics). */
  get size(): number {
    return this.#end - this.#head
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(this.#expire, Math.max(1, Math.ceil(ms)))
    // A pending command keeps the process alive through its socket, not through this timer.
    this.#timer.unref()
  }

  readonly #expire = (): void => {
    this.#timer = undefined
    const now = performance.now()
    const commands = this.#commands
    let head = this.#head
    for (; head < this.#end; head++) {
      const command = commands[head]!
      if (command.isSettled) continue
      if (this.#deadlines[head]! > now) break
      command.reject(new Error('Command timed out'))
    }
    this.#release(head)
    this.#dropSettled()
    if (this.#head < this.#end) this.#arm(this.#deadlines[this.#head]! - now)
  }

  /**
   * Moves the head to `head`, letting go of the commands it passes: a slot behind the head would otherwise keep
   * its settled command (arguments, promise) alive until the next splice, thousands of commands later, and
   * the garbage collector would promote them all.
   */
  #release(head: number): void {
    const commands = this.#commands
    for (let index = this.#head; index < head; index++) commands[index] = undefined
    this.#head = head
  }

  /** Moves the head past settled commands; starts again from the first slot once nothing is left in flight. */
  #dropSettled(): void {
    const commands = this.#commands
    let head = this.#head
    const end = this.#end
    while (head < end && commands[head]!.isSettled) head++
    this.#release(head)
    if (head === end) {
      // nothing in flight: every slot is free again (a long queue is truncated, letting its memory go)
      if (commands.length > KEPT_SLOTS) {
        commands.length = 0
        this.#deadlines.length = 0
      }
      this.#head = this.#end = 0
      return
    }
    if (head >= SWEEP_AT) {
      commands.splice(0, head)
      this.#deadlines.splice(0, head)
      this.#head = 0
      this.#end -= head
    }
  }

  /** Drops settled commands anywhere in the queue (a stalled head must not make it hold every later one). */
  #sweep(): void {
    const commands: Command[] = []
    const deadlines: number[] = []
    for (let index = this.#head; index < this.#end; index++) {
      const command = this.#commands[index]!
      if (command.isSettled) continue
      commands.push(command)
      deadlines.push(this.#deadlines[index]!)
    }
    this.#commands = commands
    this.#deadlines = deadlines
    this.#head = 0
    this.#end = commands.length
    this.#sweepAt = Math.max(SWEEP_AT, commands.length * 2)
  }
}
