/**
 * DeadlineQueue bookkeeping (the stalled-server behaviour end to end is in failure.test.ts): each command
 * is failed at its own deadline and not before, settled ones never, and the queue neither keeps a timer
 * nor holds settled commands once nothing needs them. Commands here are real ioredis `Command` objects that
 * are never sent; the clock is vitest's.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Command } from 'ioredis'
import { DeadlineQueue } from '../src/deadline-queue.js'

function command(): { command: Command; outcome: () => string } {
  const sent = new Command('get', ['k'], { replyEncoding: null })
  let outcome = 'pending'
  sent.promise.then(
    () => (outcome = 'resolved'),
    (error: Error) => (outcome = error.message),
  )
  return { command: sent, outcome: () => outcome }
}

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

/**
 * Watches `count` commands, then `pending` (left unanswered), then answers the `count` commands; only weak
 * references to them are kept.
 */
function answeredBefore(queue: DeadlineQueue, count: number, pending: Command): WeakRef<Command>[] {
  const sent = Array.from({ length: count }, () => command().command)
  for (const each of sent) queue.watch(each)
  queue.watch(pending)
  for (const each of sent) each.resolve(Buffer.from('v'))
  return sent.map((each) => new WeakRef(each))
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('DeadlineQueue', () => {
  it('fails each unanswered command at its own deadline, not before, and answered ones never', async () => {
    const queue = new DeadlineQueue(1000)
    const first = command()
    const answered = command()
    queue.watch(first.command)
    queue.watch(answered.command)
    await vi.advanceTimersByTimeAsync(300)
    const second = command()
    queue.watch(second.command)
    answered.command.resolve(Buffer.from('v'))

    await vi.advanceTimersByTimeAsync(699)
    expect([first.outcome(), answered.outcome(), second.outcome()]).toEqual(['pending', 'resolved', 'pending'])
    await vi.advanceTimersByTimeAsync(1)
    expect([first.outcome(), second.outcome()]).toEqual(['Command timed out', 'pending'])
    await vi.advanceTimersByTimeAsync(299)
    expect(second.outcome()).toBe('pending')
    await vi.advanceTimersByTimeAsync(1)
    expect(second.outcome()).toBe('Command timed out')
    expect(queue.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('drops answered commands as new ones are sent (one timer in all, none once idle)', async () => {
    const queue = new DeadlineQueue(1000)
    for (let i = 0; i < 10_000; i++) {
      const { command: sent } = command()
      queue.watch(sent)
      sent.resolve(Buffer.from('v'))
    }
    expect(queue.size).toBe(1)
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(queue.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('does not hold answered commands behind one that is still waiting', () => {
    const queue = new DeadlineQueue(5000)
    const stuck = command()
    queue.watch(stuck.command)
    for (let i = 0; i < 20_000; i++) {
      const { command: sent } = command()
      queue.watch(sent)
      sent.resolve(Buffer.from('v'))
    }
    expect(queue.size).toBeLessThanOrEqual(4096)
    expect(stuck.outcome()).toBe('pending')
  })

  it('lets go of answered commands once its head has moved past them, while others are in flight', async () => {
    const queue = new DeadlineQueue(5000)
    const pending = command()
    const answered = answeredBefore(queue, 100, pending.command)
    queue.watch(command().command) // moves the head past the answered ones, up to the pending one
    await new Promise((resolve) => setImmediate(resolve)) // weak references hold their target until the job ends
    collectGarbage()
    expect(answered.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
    expect(queue.size).toBe(2)
    expect(pending.outcome()).toBe('pending')
  })
})
