import type { ConsentChangedEvent, OptOutPublisher, PublishResult } from '@sms-notification/core'
import { InMemoryConsentEventOutbox, ManualClock } from '@sms-notification/core/testing'
import { describe, expect, it } from 'vitest'
import { EmbeddedOptOutPublisher } from './embedded/embedded-opt-out-publisher.js'
import { OutboxRelay } from './outbox-relay.js'

const event = (n: number): ConsentChangedEvent => ({
  eventId: `evt-${n}`,
  type: 'SmsUnsubscribe',
  venueId: 7,
  phoneNumber: '+14155550100',
  source: 'sms_keyword',
  occurredAt: '2026-01-15T12:00:00.000Z',
})

describe('OutboxRelay', () => {
  it('publishes due entries and marks them published', async () => {
    const clock = new ManualClock()
    const outbox = new InMemoryConsentEventOutbox(clock)
    outbox.enqueue(event(1), clock.now())
    outbox.enqueue({ ...event(2), venueId: 8 }, clock.now())
    outbox.enqueue(event(3), clock.now())
    const publisher = new EmbeddedOptOutPublisher()
    const relay = new OutboxRelay({ outbox, publisher, clock })
    // Two phones at once; the second change of the first phone waits for its first to be published.
    expect(await relay.runOnce()).toEqual({ leased: 2, published: 2, failed: 0 })
    expect(await relay.runOnce()).toEqual({ leased: 1, published: 1, failed: 0 })
    expect(publisher.published().map((e) => e.eventId)).toEqual(['evt-1', 'evt-2', 'evt-3'])
    expect(await outbox.pendingCount()).toBe(0)
    expect(await relay.runOnce()).toEqual({ leased: 0, published: 0, failed: 0 })
  })

  it('marks a failed publish for a later retry with backoff, then publishes it', async () => {
    const clock = new ManualClock()
    const outbox = new InMemoryConsentEventOutbox(clock)
    outbox.enqueue(event(1), clock.now())
    let down = true
    const publisher = new EmbeddedOptOutPublisher({ failWith: () => (down ? { retryable: true, errorCode: 'ServiceBusy' } : null) })
    const relay = new OutboxRelay({ outbox, publisher, clock, retryDelayMs: (attempts) => attempts * 10_000 })
    expect(await relay.runOnce()).toEqual({ leased: 1, published: 0, failed: 1 })
    expect(outbox.rows[0]).toMatchObject({ lastError: 'ServiceBusy', publishedAt: null, attempts: 1 })
    down = false
    clock.advance(9_000)
    expect((await relay.runOnce()).leased).toBe(0)
    clock.advance(1_000)
    expect(await relay.runOnce()).toEqual({ leased: 1, published: 1, failed: 0 })
    expect(publisher.published().map((e) => e.eventId)).toEqual(['evt-1'])
  })

  it('keeps a permanently failing event and retries it slowly instead of dropping it', async () => {
    const clock = new ManualClock()
    const outbox = new InMemoryConsentEventOutbox(clock)
    outbox.enqueue(event(1), clock.now())
    const publisher = new EmbeddedOptOutPublisher({ failWith: () => ({ retryable: false, errorCode: 'MessagingEntityNotFound' }) })
    const relay = new OutboxRelay({ outbox, publisher, clock, permanentFailureDelayMs: 300_000 })
    await relay.runOnce()
    expect(outbox.rows[0]!.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 300_000)
    expect(await outbox.pendingCount()).toBe(1)
  })

  it('treats a throwing publisher as a retryable failure', async () => {
    const clock = new ManualClock()
    const outbox = new InMemoryConsentEventOutbox(clock)
    outbox.enqueue(event(1), clock.now())
    const publisher: OptOutPublisher = {
      publish: async (): Promise<PublishResult> => {
        throw new Error('boom')
      },
    }
    const relay = new OutboxRelay({ outbox, publisher, clock })
    expect(await relay.runOnce()).toEqual({ leased: 1, published: 0, failed: 1 })
    expect(outbox.rows[0]).toMatchObject({ lastError: 'PublisherDefect', publishedAt: null })
  })

  it('loses nothing when a relay dies after leasing: the lease runs out and another relay publishes', async () => {
    const clock = new ManualClock()
    const outbox = new InMemoryConsentEventOutbox(clock)
    outbox.enqueue(event(1), clock.now())
    // The first relay leases and "crashes" before publishing: its lease is all that is left of it.
    await outbox.lease(20, 30_000)
    const publisher = new EmbeddedOptOutPublisher()
    const survivor = new OutboxRelay({ outbox, publisher, clock, leaseMs: 30_000 })
    expect((await survivor.runOnce()).leased).toBe(0)
    clock.advance(30_000)
    expect(await survivor.runOnce()).toEqual({ leased: 1, published: 1, failed: 0 })
    expect(publisher.published().map((e) => e.eventId)).toEqual(['evt-1'])
  })

  it('runs until stopped, and a notify starts the next round at once', async () => {
    const clock = new ManualClock()
    const outbox = new InMemoryConsentEventOutbox(clock)
    const publisher = new EmbeddedOptOutPublisher()
    const relay = new OutboxRelay({ outbox, publisher, clock, pollIntervalMs: 60_000 })
    relay.start()
    await new Promise((resolve) => setTimeout(resolve, 20))
    outbox.enqueue(event(1), clock.now())
    relay.notify()
    const deadline = Date.now() + 2_000
    while (publisher.published().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(publisher.published().map((e) => e.eventId)).toEqual(['evt-1'])
    const stopping = Date.now()
    await relay.stop()
    expect(Date.now() - stopping).toBeLessThan(1_000)
  })
})
