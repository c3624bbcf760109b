import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus'
import type { InboundMessage } from '@sms-notification/core'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ServiceBusConsumer } from '../src/service-bus-consumer.js'
import { ServiceBusOptOutPublisher } from '../src/service-bus-publisher.js'
import { OPT_OUT_TOPIC, RETRY_QUEUE, SUBSCRIPTION, TOPIC } from './support/service-bus-fixture.js'
import { dockerUnavailableReason, startServiceBusEmulator, type StartedEmulator } from './support/service-bus-emulator.js'
import { waitFor } from './support/wait-for.js'

const TYPE = 'SendOrderConfirmationSms'
const skipReason = await dockerUnavailableReason()

describe.skipIf(skipReason !== null)(`Service Bus emulator (testcontainers)${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let emulator: StartedEmulator
  let client: ServiceBusClient
  let consumer: ServiceBusConsumer
  const handled: InboundMessage[] = []

  beforeAll(async () => {
    emulator = await startServiceBusEmulator()
    client = new ServiceBusClient(emulator.connectionString)
    consumer = new ServiceBusConsumer({
      connection: { connectionString: emulator.connectionString },
      topic: TOPIC,
      subscription: SUBSCRIPTION,
      retryQueue: RETRY_QUEUE,
      maxConcurrentCalls: 4,
      maxAttempts: 3,
      handler: async (message) => {
        handled.push(message)
        const body = message.body as { outcome?: string }
        if (body.outcome === 'retry' && message.attempt === 1) return { action: 'retry', delayMs: 1_000, reason: 'provider 503' }
        if (body.outcome === 'invalid') return { action: 'dead-letter', reason: 'InvalidEvent', description: 'VenueId missing' }
        return { action: 'ack', result: 'sent' }
      },
    })
    await consumer.start()
  }, 420_000)

  afterAll(async () => {
    await consumer?.stop(5_000)
    await client?.close()
    await emulator?.stop()
  })

  async function send(messageId: string, body: unknown, subject = TYPE): Promise<void> {
    const sender = client.createSender(TOPIC)
    await sender.sendMessages({ messageId, subject, body })
    await sender.close()
  }

  async function deadLetters(): Promise<ServiceBusReceivedMessage[]> {
    const receiver = client.createReceiver(TOPIC, SUBSCRIPTION, { subQueueType: 'deadLetter' })
    const peeked = await receiver.peekMessages(50, { fromSequenceNumber: Long.ZERO })
    await receiver.close()
    return peeked
  }

  it('handles and completes a message', async () => {
    await send('emu-ack', { outcome: 'ack', n: 1 })
    await waitFor(() => handled.some((m) => m.correlationId === 'emu-ack'), 'the handler call', 30_000)
    expect(consumer.status().state).toBe('running')
  })

  it('retries through the retry queue with the attempt count', async () => {
    await send('emu-retry', { outcome: 'retry' })
    await waitFor(() => handled.filter((m) => m.correlationId === 'emu-retry').length === 2, 'the retried delivery', 30_000)
    expect(handled.filter((m) => m.correlationId === 'emu-retry').map((m) => m.attempt)).toEqual([1, 2])
  })

  it('dead-letters poison and rejected messages with their reasons', async () => {
    await send('emu-poison', 'not json at all')
    await send('emu-invalid', { outcome: 'invalid' })
    await waitFor(async () => (await deadLetters()).length >= 2, 'two dead letters', 30_000)
    const reasons = Object.fromEntries((await deadLetters()).map((m) => [String(m.messageId), m.deadLetterReason]))
    expect(reasons).toMatchObject({ 'emu-poison': 'UnparseableBody', 'emu-invalid': 'InvalidEvent' })
  })

  it('publishes consent events to sms-optout', async () => {
    const publisher = new ServiceBusOptOutPublisher({ connection: { connectionString: emulator.connectionString } })
    const event = {
      eventId: 'emu-evt-1',
      type: 'SmsUnsubscribe' as const,
      venueId: 7,
      phoneNumber: '+14155550100',
      source: 'sms_keyword' as const,
      occurredAt: new Date().toISOString(),
    }
    expect(await publisher.publish(event)).toEqual({ kind: 'published' })
    await publisher.close()
    const receiver = client.createReceiver(OPT_OUT_TOPIC, 'audit')
    const [received] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 })
    expect(received).toMatchObject({ messageId: 'emu-evt-1', subject: 'SmsUnsubscribe', body: event })
    await receiver.completeMessage(received!)
    await receiver.close()
  })
})
