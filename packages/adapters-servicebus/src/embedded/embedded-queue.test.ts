import type { Logger } from '@sms-notification/core'
import { afterEach, describe, expect, it } from 'vitest'
import { EmbeddedQueue } from './embedded-queue.js'

function recordingLogger(): Logger & { warnings: Array<{ fields: Record<string, unknown>; message: string }> } {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = []
  const logger = {
    warnings,
    debug() {},
    info() {},
    warn: (fields: Record<string, unknown>, message: string) => void warnings.push({ fields, message }),
    error() {},
    child: () => logger,
  }
  return logger
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('EmbeddedQueue', () => {
  let queue: EmbeddedQueue
  afterEach(() => queue.close())

  it('locks a received message until it is settled, counting deliveries', () => {
    queue = new EmbeddedQueue()
    const id = queue.send({ a: 1 }, { messageType: 'T', correlationId: 'c-1' })
    const message = queue.receive()
    expect(message).toMatchObject({ messageId: id, body: { a: 1 }, messageType: 'T', correlationId: 'c-1', deliveryCount: 1 })
    expect(queue.receive()).toBeUndefined()
    expect(queue.depth()).toEqual({ active: 0, scheduled: 0, locked: 1, deadLettered: 0 })
    expect(queue.complete(message!.lockToken)).toBe(true)
    expect(queue.complete(message!.lockToken)).toBe(false)
    expect(queue.depth()).toEqual({ active: 0, scheduled: 0, locked: 0, deadLettered: 0 })
  })

  it('hands a message out again when its lock expires, and dead-letters it at the max delivery count', async () => {
    queue = new EmbeddedQueue({ lockDurationMs: 50, maxDeliveryCount: 2 })
    queue.send('x', { messageType: 'T' })
    const first = queue.receive()!
    await sleep(80)
    expect(queue.complete(first.lockToken)).toBe(false)
    const second = queue.receive()!
    expect(second.deliveryCount).toBe(2)
    await sleep(80)
    expect(queue.receive()).toBeUndefined()
    expect(queue.deadLetters()).toEqual([expect.objectContaining({ reason: 'MaxDeliveryCountExceeded', deliveryCount: 2 })])
  })

  it('renews a lock', async () => {
    queue = new EmbeddedQueue({ lockDurationMs: 60 })
    queue.send('x')
    const message = queue.receive()!
    await sleep(40)
    expect(queue.renewLock(message.lockToken)).toBeInstanceOf(Date)
    await sleep(40)
    expect(queue.complete(message.lockToken)).toBe(true)
  })

  it('returns an abandoned message first, with its delivery counted', () => {
    queue = new EmbeddedQueue()
    const a = queue.send('a')
    queue.send('b')
    const first = queue.receive()!
    expect(queue.abandon(first.lockToken)).toBe(true)
    expect(queue.receive()).toMatchObject({ messageId: a, deliveryCount: 2 })
  })

  it('delays a scheduled message', async () => {
    queue = new EmbeddedQueue()
    queue.send('later', { delayMs: 80 })
    expect(queue.receive()).toBeUndefined()
    expect(queue.depth().scheduled).toBe(1)
    const waited = Date.now()
    await queue.waitForMessage()
    expect(Date.now() - waited).toBeGreaterThanOrEqual(70)
    expect(queue.receive()?.body).toBe('later')
  })

  it('keeps dead letters with reason and description and replays one as a fresh message', () => {
    queue = new EmbeddedQueue()
    const id = queue.send({ a: 1 }, { messageType: 'T', applicationProperties: { retryAttempt: 3, keep: 'me' } })
    const message = queue.receive()!
    expect(queue.deadLetter(message.lockToken, 'InvalidEvent', 'VenueId missing')).toBe(true)
    expect(queue.deadLetters()).toEqual([
      expect.objectContaining({ messageId: id, reason: 'InvalidEvent', description: 'VenueId missing', body: { a: 1 } }),
    ])
    expect(queue.replayDeadLetter('nope')).toBe(false)
    expect(queue.replayDeadLetter(id)).toBe(true)
    expect(queue.deadLetters()).toEqual([])
    const replayed = queue.receive()!
    expect(replayed).toMatchObject({ messageId: id, deliveryCount: 1, applicationProperties: { keep: 'me' } })
    expect(replayed.applicationProperties).not.toHaveProperty('retryAttempt')
  })

  it('wakes a waiting receiver on send and on abort', async () => {
    queue = new EmbeddedQueue()
    const waiting = queue.waitForMessage()
    queue.send('x')
    await waiting
    queue.receive()
    const abort = new AbortController()
    const aborted = queue.waitForMessage(abort.signal)
    abort.abort()
    await aborted
    expect(queue.depth().locked).toBe(1)
  })

  it('reports and logs the scheduled, queued and locked messages it drops on close, without their bodies', () => {
    const logger = recordingLogger()
    queue = new EmbeddedQueue({ logger })
    const body = { PhoneNumber: '+14155550100', text: 'Your tickets for Jazz Night' }
    const retryA = queue.send(body, { delayMs: 60_000 })
    const retryB = queue.send(body, { delayMs: 120_000 })
    const locked = queue.send(body)
    const waiting = queue.send(body)
    expect(queue.receive()?.messageId).toBe(locked)
    expect(queue.pendingScheduled()).toBe(2)
    expect(queue.close()).toEqual({ scheduled: 2, active: 1, locked: 1 })
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]!.fields).toEqual({ scheduled: 2, active: 1, locked: 1, messageIds: [retryA, retryB, waiting, locked] })
    expect(JSON.stringify(logger.warnings)).not.toMatch(/4155550100|Jazz Night/)
    // Closing again reports the same loss but does not warn twice.
    expect(queue.close()).toEqual({ scheduled: 2, active: 1, locked: 1 })
    expect(logger.warnings).toHaveLength(1)
    expect(() => queue.send('late')).toThrow(/closed/)
  })

  it('closes an empty queue quietly', () => {
    const logger = recordingLogger()
    queue = new EmbeddedQueue({ logger })
    queue.send('x')
    expect(queue.complete(queue.receive()!.lockToken)).toBe(true)
    expect(queue.close()).toEqual({ scheduled: 0, active: 0, locked: 0 })
    expect(logger.warnings).toEqual([])
  })
})
