import type { ConsentChangedEvent } from '@sms-notification/core'
import { describe, expect, it } from 'vitest'
import { EmbeddedOptOutPublisher } from './embedded-opt-out-publisher.js'

const event: ConsentChangedEvent = {
  eventId: 'evt-1',
  type: 'SmsUnsubscribe',
  venueId: 7,
  phoneNumber: '+14155550100',
  source: 'sms_keyword',
  occurredAt: '2026-01-15T12:00:00.000Z',
}

describe('EmbeddedOptOutPublisher', () => {
  it('records each event id once, like the topic duplicate detection', async () => {
    const publisher = new EmbeddedOptOutPublisher()
    expect(await publisher.publish(event)).toEqual({ kind: 'published' })
    expect(await publisher.publish(event)).toEqual({ kind: 'published' })
    await publisher.publish({ ...event, eventId: 'evt-2', type: 'SmsResubscribe' })
    expect(publisher.published().map((e) => [e.eventId, e.type])).toEqual([
      ['evt-1', 'SmsUnsubscribe'],
      ['evt-2', 'SmsResubscribe'],
    ])
  })

  it('fails when told to', async () => {
    const publisher = new EmbeddedOptOutPublisher({ failWith: () => ({ retryable: true, errorCode: 'ServiceBusy' }) })
    expect(await publisher.publish(event)).toEqual({ kind: 'failed', retryable: true, errorCode: 'ServiceBusy' })
    expect(publisher.published()).toEqual([])
  })
})
