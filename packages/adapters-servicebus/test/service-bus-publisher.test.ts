import type { ConsentChangedEvent } from '@sms-notification/core'
import { afterEach, describe, expect, it } from 'vitest'
import { ServiceBusOptOutPublisher } from '../src/service-bus-publisher.js'
import { AmqpTestBroker } from '../testing/index.js'
import { OPT_OUT_SUBSCRIPTION_PATH, ServiceBusFixture } from './support/service-bus-fixture.js'

const event: ConsentChangedEvent = {
  eventId: 'consent-7-+14155550100-2026-01-15T12:00:00.000Z-opt_out',
  type: 'SmsUnsubscribe',
  venueId: 7,
  phoneNumber: '+14155550100',
  source: 'sms_keyword',
  occurredAt: '2026-01-15T12:00:00.000Z',
  correlationId: 'corr-42',
}

describe('ServiceBusOptOutPublisher against the AMQP test broker', () => {
  let fixture: ServiceBusFixture | undefined
  let publisher: ServiceBusOptOutPublisher | undefined

  afterEach(async () => {
    await publisher?.close()
    await fixture?.close()
    publisher = undefined
    fixture = undefined
  })

  it('sends the event to sms-optout with the event id as message id, the type as subject and a JSON body', async () => {
    fixture = await ServiceBusFixture.start()
    publisher = new ServiceBusOptOutPublisher({ connection: { connectionString: fixture.connectionString } })
    expect(await publisher.publish(event)).toEqual({ kind: 'published' })
    expect(await publisher.publish({ ...event, eventId: 'evt-2', type: 'SmsResubscribe', correlationId: undefined })).toEqual({
      kind: 'published',
    })

    const [first, second] = fixture.broker.active(OPT_OUT_SUBSCRIPTION_PATH)
    expect(first).toMatchObject({
      messageId: event.eventId,
      subject: 'SmsUnsubscribe',
      correlationId: 'corr-42',
      contentType: 'application/json',
      applicationProperties: { messageType: 'SmsUnsubscribe', venueId: 7 },
    })
    expect(JSON.parse(Buffer.from(first!.body as Uint8Array).toString('utf8'))).toEqual(event)
    expect(second).toMatchObject({ messageId: 'evt-2', subject: 'SmsResubscribe', correlationId: undefined })
  })

  it("carries the event's trace context as the traceparent and Diagnostic-Id application properties", async () => {
    fixture = await ServiceBusFixture.start()
    publisher = new ServiceBusOptOutPublisher({ connection: { connectionString: fixture.connectionString } })
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
    expect(await publisher.publish({ ...event, traceparent })).toEqual({ kind: 'published' })
    expect(await publisher.publish({ ...event, eventId: 'evt-untraced' })).toEqual({ kind: 'published' })

    const [traced, untraced] = fixture.broker.active(OPT_OUT_SUBSCRIPTION_PATH)
    expect(traced).toMatchObject({
      messageId: event.eventId,
      correlationId: 'corr-42',
      applicationProperties: { messageType: 'SmsUnsubscribe', venueId: 7, traceparent, 'Diagnostic-Id': traceparent },
    })
    expect(JSON.parse(Buffer.from(traced!.body as Uint8Array).toString('utf8'))).toMatchObject({ traceparent })
    expect(untraced?.messageId).toBe('evt-untraced')
    expect(untraced?.applicationProperties).not.toHaveProperty('traceparent')
    expect(untraced?.applicationProperties).not.toHaveProperty('Diagnostic-Id')
  })

  it('reports a missing topic as a permanent failure with its code', async () => {
    fixture = await ServiceBusFixture.start()
    publisher = new ServiceBusOptOutPublisher({ connection: { connectionString: fixture.connectionString }, topic: 'no-such-topic' })
    expect(await publisher.publish(event)).toEqual({ kind: 'failed', retryable: false, errorCode: 'MessagingEntityNotFound' })
  })

  it('reports an unreachable namespace as a retryable failure', async () => {
    const broker = await AmqpTestBroker.start()
    const connectionString = broker.connectionString()
    await broker.close()
    publisher = new ServiceBusOptOutPublisher({
      connection: { connectionString, clientOptions: { retryOptions: { maxRetries: 0, timeoutInMs: 2_000 } } },
    })
    const result = await publisher.publish(event)
    expect(result).toMatchObject({ kind: 'failed', retryable: true })
  })
})
