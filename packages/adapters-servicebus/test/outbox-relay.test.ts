import type { ConsentChangedEvent } from '@sms-notification/core'
import { InMemoryConsentEventOutbox, ManualClock } from '@sms-notification/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { OutboxRelay } from '../src/outbox-relay.js'
import { ServiceBusOptOutPublisher } from '../src/service-bus-publisher.js'
import { AmqpTestBroker } from '../testing/index.js'
import { OPT_OUT_SUBSCRIPTION_PATH, ServiceBusFixture } from './support/service-bus-fixture.js'

const optOut: ConsentChangedEvent = {
  eventId: 'consent-evt-1',
  type: 'SmsUnsubscribe',
  venueId: 7,
  phoneNumber: '+14155550100',
  source: 'sms_keyword',
  occurredAt: '2026-01-15T12:00:00.000Z',
  correlationId: 'corr-1',
}

describe('OutboxRelay with the Service Bus publisher', () => {
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
  })

  it('publishes an event whose first publish failed, once the namespace is back, and loses nothing', async () => {
    const clock = new ManualClock()
    const outbox = new InMemoryConsentEventOutbox(clock)
    outbox.enqueue(optOut, clock.now())

    // First try: the namespace is unreachable.
    const gone = await AmqpTestBroker.start()
    const goneConnection = gone.connectionString()
    await gone.close()
    const failing = new ServiceBusOptOutPublisher({
      connection: { connectionString: goneConnection, clientOptions: { retryOptions: { maxRetries: 0, timeoutInMs: 2_000 } } },
    })
    closers.push(() => failing.close())
    const first = new OutboxRelay({ outbox, publisher: failing, clock, retryDelayMs: () => 5_000 })
    expect(await first.runOnce()).toEqual({ leased: 1, published: 0, failed: 1 })
    expect(await outbox.pendingCount()).toBe(1)

    // A new replica with a working namespace picks it up when it is due.
    const fixture = await ServiceBusFixture.start()
    closers.push(() => fixture.close())
    const publisher = new ServiceBusOptOutPublisher({ connection: { connectionString: fixture.connectionString } })
    closers.push(() => publisher.close())
    const second = new OutboxRelay({ outbox, publisher, clock })
    expect((await second.runOnce()).leased).toBe(0)
    clock.advance(5_000)
    expect(await second.runOnce()).toEqual({ leased: 1, published: 1, failed: 0 })
    expect(await outbox.pendingCount()).toBe(0)
    expect(fixture.broker.active(OPT_OUT_SUBSCRIPTION_PATH).map((m) => [m.messageId, m.subject, m.correlationId])).toEqual([
      ['consent-evt-1', 'SmsUnsubscribe', 'corr-1'],
    ])
  })

  it('republishes with the same message id after a crash between publish and mark, so duplicate detection can drop it', async () => {
    const clock = new ManualClock()
    const outbox = new InMemoryConsentEventOutbox(clock)
    outbox.enqueue(optOut, clock.now())
    const fixture = await ServiceBusFixture.start()
    closers.push(() => fixture.close())
    const publisher = new ServiceBusOptOutPublisher({ connection: { connectionString: fixture.connectionString } })
    closers.push(() => publisher.close())

    // A relay publishes, then dies before marking the entry published.
    const [leased] = await outbox.lease(1, 30_000)
    expect(await publisher.publish(leased!.event)).toEqual({ kind: 'published' })
    clock.advance(30_000)
    const survivor = new OutboxRelay({ outbox, publisher, clock })
    expect(await survivor.runOnce()).toEqual({ leased: 1, published: 1, failed: 0 })
    const ids = fixture.broker.active(OPT_OUT_SUBSCRIPTION_PATH).map((m) => m.messageId)
    expect(ids).toEqual(['consent-evt-1', 'consent-evt-1'])
  })
})
