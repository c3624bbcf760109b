import { afterEach, describe, expect, it } from 'vitest'
import { ServiceBusConsumer } from '../src/service-bus-consumer.js'
import { ServiceBusDeadLetters } from '../src/service-bus-dead-letters.js'
import { RETRY_QUEUE, ServiceBusFixture, SUBSCRIPTION, SUBSCRIPTION_PATH, TOPIC } from './support/service-bus-fixture.js'
import { waitFor } from './support/wait-for.js'

const TYPE = 'SendOrderConfirmationSms'

describe('ServiceBusDeadLetters against the AMQP test broker', () => {
  let fixture: ServiceBusFixture
  let deadLetters: ServiceBusDeadLetters
  let consumer: ServiceBusConsumer | undefined

  afterEach(async () => {
    await consumer?.stop(1_000)
    consumer = undefined
    await deadLetters.close()
    await fixture.close()
  })

  async function withDeadLetters(): Promise<void> {
    fixture = await ServiceBusFixture.start()
    const connection = { connectionString: fixture.connectionString }
    deadLetters = new ServiceBusDeadLetters({ connection, topic: TOPIC, subscription: SUBSCRIPTION, retryQueue: RETRY_QUEUE })
    // Dead-lettered by the consumer itself: an unknown type and an event the handler rejects.
    const c = new ServiceBusConsumer({
      connection,
      topic: TOPIC,
      subscription: SUBSCRIPTION,
      retryQueue: RETRY_QUEUE,
      messageTypes: [TYPE],
      maxAutoLockRenewalDurationInMs: 0,
      watchdog: false,
      handler: async () => ({ action: 'dead-letter', reason: 'InvalidEvent', description: 'VenueId: expected a number' }),
    })
    await c.start()
    await fixture.send({ messageId: 'unknown', subject: 'SomethingElse', body: { a: 1 } })
    await fixture.send({ messageId: 'invalid', subject: TYPE, correlationId: 'corr-9', body: { VenueId: 'x' } })
    await waitFor(() => fixture.broker.deadLetters(SUBSCRIPTION_PATH).length === 2, 'two dead letters')
    await c.stop(1_000)
  }

  it('lists dead letters with reason, description and correlation without locking them', async () => {
    await withDeadLetters()
    const listed = await deadLetters.list('subscription')
    expect(listed.map((d) => [d.messageId, d.reason])).toEqual([
      ['unknown', 'UnknownMessageType'],
      ['invalid', 'InvalidEvent'],
    ])
    expect(listed[1]).toMatchObject({
      source: 'subscription',
      messageType: TYPE,
      correlationId: 'corr-9',
      description: 'VenueId: expected a number',
      body: { VenueId: 'x' },
    })
    expect(await deadLetters.list('subscription')).toHaveLength(2)
    expect(await deadLetters.list('retry')).toEqual([])
  })

  it('replays one dead letter to the retry queue as a fresh message and completes it', async () => {
    await withDeadLetters()
    expect(await deadLetters.replay('subscription', 'nope')).toEqual({ kind: 'not-found' })
    expect(fixture.broker.deadLetters(SUBSCRIPTION_PATH)).toHaveLength(2)

    const result = await deadLetters.replay('subscription', 'invalid')
    expect(result).toMatchObject({ kind: 'replayed', to: 'retry' })
    expect(fixture.broker.deadLetters(SUBSCRIPTION_PATH).map((m) => m.messageId)).toEqual(['unknown'])
    const [copy] = fixture.broker.active(RETRY_QUEUE)
    expect(copy).toMatchObject({ subject: TYPE, correlationId: 'corr-9', applicationProperties: { originalMessageId: 'invalid' } })
    expect(copy?.applicationProperties).not.toHaveProperty('DeadLetterReason')

    // The consumer takes the replayed copy from the retry queue as a first attempt.
    const attempts: number[] = []
    consumer = new ServiceBusConsumer({
      connection: { connectionString: fixture.connectionString },
      topic: TOPIC,
      subscription: SUBSCRIPTION,
      retryQueue: RETRY_QUEUE,
      maxAutoLockRenewalDurationInMs: 0,
      watchdog: false,
      handler: async (message) => {
        attempts.push(message.attempt)
        return { action: 'ack', result: 'sent' }
      },
    })
    await consumer.start()
    await waitFor(() => attempts.length === 1, 'the replayed message handled')
    expect(attempts).toEqual([1])
  })

  it('gives the retry copies of a replayed message ids of their own, so duplicate detection keeps them', async () => {
    await withDeadLetters()
    const result = await deadLetters.replay('subscription', 'invalid')
    if (result.kind !== 'replayed') throw new Error('not replayed')
    consumer = new ServiceBusConsumer({
      connection: { connectionString: fixture.connectionString },
      topic: TOPIC,
      subscription: SUBSCRIPTION,
      retryQueue: RETRY_QUEUE,
      maxAutoLockRenewalDurationInMs: 0,
      watchdog: false,
      handler: async () => ({ action: 'retry', delayMs: 60_000, reason: 'provider 503' }),
    })
    await consumer.start()
    await waitFor(() => fixture.broker.scheduled(RETRY_QUEUE).length === 1, 'the retry copy of the replayed message')
    const [copy] = fixture.broker.scheduled(RETRY_QUEUE)
    // The first run's copy for attempt 2 was `invalid:retry:2`.
    expect(copy).toMatchObject({
      messageId: `${result.messageId}:retry:2`,
      correlationId: 'corr-9',
      applicationProperties: { retryAttempt: 2, originalMessageId: 'invalid' },
    })
  })

  it('replays to the topic when asked', async () => {
    await withDeadLetters()
    expect(await deadLetters.replay('subscription', 'unknown', { to: 'topic' })).toMatchObject({ kind: 'replayed', to: 'topic' })
    expect(fixture.broker.active(SUBSCRIPTION_PATH).map((m) => m.subject)).toEqual(['SomethingElse'])
  })
})
