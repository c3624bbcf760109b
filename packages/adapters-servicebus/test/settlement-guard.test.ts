import type { HandleOutcome, InboundMessage } from '@sms-notification/core'
import { afterEach, describe, expect, it } from 'vitest'
import { ServiceBusConsumer } from '../src/service-bus-consumer.js'
import { RETRY_QUEUE, ServiceBusFixture, SUBSCRIPTION, SUBSCRIPTION_PATH, TOPIC } from './support/service-bus-fixture.js'
import { waitFor } from './support/wait-for.js'

const TYPE = 'SendOrderConfirmationSms'

type Planned = [messageId: string, outcome: HandleOutcome]

/**
 * rhea 3.0.5 merges same-tick dispositions of consecutive deliveries into the first one's outcome. The planned
 * messages are delivered consecutively and handled concurrently, and every handler answers in the same
 * synchronous block, so all settlements are issued in one tick.
 */
async function settleInTheSameTick(
  fixture: ServiceBusFixture,
  plan: Planned[],
  unsafeDisableSettlementGuard: boolean,
): Promise<ServiceBusConsumer> {
  const waiting: Array<{ message: InboundMessage; answer: (outcome: HandleOutcome) => void }> = []
  const outcomes = new Map(plan)
  const consumer = new ServiceBusConsumer({
    connection: { connectionString: fixture.connectionString },
    topic: TOPIC,
    subscription: SUBSCRIPTION,
    retryQueue: RETRY_QUEUE,
    maxConcurrentCalls: plan.length,
    maxAutoLockRenewalDurationInMs: 0,
    watchdog: false,
    unsafeDisableSettlementGuard,
    handler: (message) =>
      new Promise<HandleOutcome>((answer) => {
        waiting.push({ message, answer })
        if (waiting.length < plan.length) return
        for (const w of waiting) w.answer(outcomes.get(String(w.message.correlationId))!)
      }),
  })
  for (const [messageId] of plan) await fixture.send({ messageId, subject: TYPE, body: { messageId } })
  await consumer.start()
  await waitFor(() => fixture.broker.settlements(SUBSCRIPTION_PATH).length === plan.length, 'every settlement on the broker')
  return consumer
}

const ack: HandleOutcome = { action: 'ack', result: 'sent' }
const deadLetter = (description: string): HandleOutcome => ({ action: 'dead-letter', reason: 'InvalidEvent', description })

function brokerOutcomes(fixture: ServiceBusFixture): Record<string, string> {
  return Object.fromEntries(
    fixture.broker.settlements(SUBSCRIPTION_PATH).map((s) => [s.messageId, `${s.outcome}${s.description ? `: ${s.description}` : ''}`]),
  )
}

describe('settlement guard against the rhea 3.0.5 disposition merge', () => {
  let fixture: ServiceBusFixture
  let consumer: ServiceBusConsumer | undefined

  afterEach(async () => {
    await consumer?.stop(1_000)
    await fixture.close()
  })

  it('gives a complete and the next delivery dead-lettered in the same tick each their own outcome', async () => {
    fixture = await ServiceBusFixture.start()
    consumer = await settleInTheSameTick(
      fixture,
      [
        ['good', ack],
        ['poison', deadLetter('poison')],
      ],
      false,
    )
    expect(brokerOutcomes(fixture)).toEqual({ good: 'completed', poison: 'dead-lettered: poison' })
    expect(fixture.broker.deadLetters(SUBSCRIPTION_PATH).map((m) => m.messageId)).toEqual(['poison'])
  })

  it('keeps outcomes and dead-letter descriptions apart in a mixed same-tick batch', async () => {
    fixture = await ServiceBusFixture.start()
    const plan: Planned[] = [
      ['a', ack],
      ['b', deadLetter('first problem')],
      ['c', deadLetter('second problem')],
      ['d', ack],
      ['e', ack],
      ['f', { action: 'retry', delayMs: 60_000, reason: 'busy' }],
    ]
    consumer = await settleInTheSameTick(fixture, plan, false)
    expect(brokerOutcomes(fixture)).toEqual({
      a: 'completed',
      b: 'dead-lettered: first problem',
      c: 'dead-lettered: second problem',
      d: 'completed',
      e: 'completed',
      f: 'completed',
    })
    expect(fixture.broker.scheduled(RETRY_QUEUE).map((m) => m.messageId)).toEqual(['f:retry:2'])
  })

  it('without the guard, the poison message is completed instead of dead-lettered (the defect is real)', async () => {
    fixture = await ServiceBusFixture.start()
    consumer = await settleInTheSameTick(
      fixture,
      [
        ['good', ack],
        ['poison', deadLetter('poison')],
      ],
      true,
    )
    expect(brokerOutcomes(fixture)).toEqual({ good: 'completed', poison: 'completed' })
    expect(fixture.broker.deadLetters(SUBSCRIPTION_PATH)).toEqual([])
  })
})
