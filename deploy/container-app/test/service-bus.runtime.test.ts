import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The Service Bus adapter's own AMQP 1.0 test broker: the real @azure/service-bus SDK talks to it over TCP.
import { AmqpTestBroker } from '@sms-notification/adapters-servicebus/testing'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config/load-config.js'
import { buildRuntime, type Runtime } from '../src/runtime/build-runtime.js'
import { LogCapture } from './support/log-capture.js'
import { INTERNAL_TOKEN, inMemoryDatabase, PUBLIC_TOKEN } from './support/test-runtime.js'

async function until<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await fn()
    if (value !== undefined) return value
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('runtime on Service Bus (AMQP test broker)', () => {
  let broker: AmqpTestBroker
  let runtime: Runtime
  beforeAll(async () => {
    broker = await AmqpTestBroker.start({
      topics: { orders: ['sms-notification'], 'sms-optout': ['audit'] },
      queues: ['sms-notification-retry'],
    })
    const config = loadConfig({
      SERVICEBUS_CONNECTION_STRING: broker.connectionString(),
      SERVICEBUS_TOPIC: 'orders',
      API_TOKENS: PUBLIC_TOKEN,
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      RUN_MIGRATIONS: 'true',
    })
    runtime = await buildRuntime(config, { logDestination: new LogCapture(), openDatabase: async () => inMemoryDatabase() })
    await runtime.start()
  })
  afterAll(async () => {
    await runtime?.close()
    await broker?.close()
  })

  it('consumes an order event from the subscription and records the send', async () => {
    await runtime.notifier.consent.update({ venueId: 51, phoneNumber: '+14155550151', action: 'opt_in', source: 'checkout' })
    const orderId = randomUUID()
    await runtime.transport.send(
      {
        OrderId: orderId,
        VenueId: 51,
        CustomerId: randomUUID(),
        PhoneNumber: '+14155550151',
        CustomerName: 'Ann Lee',
        OrderTotal: 10,
        TicketCount: 1,
        EventTimestamp: new Date().toISOString(),
      },
      { messageType: 'SendOrderConfirmationSms', correlationId: 'sb-corr-1' },
    )
    const row = await until(async () =>
      (await runtime.notifier.history.query({ orderId, limit: 5 })).items.find((r) => r.status !== 'pending'),
    )
    expect(row).toMatchObject({ status: 'sent', correlationId: 'sb-corr-1' })
    await until(() =>
      broker.settlements('orders/Subscriptions/sms-notification').some((s) => s.outcome === 'completed') ? true : undefined,
    )
    expect((await runtime.appDeps.health[1]!.check()).ok).toBe(true)
  })

  it('publishes a consent change to the sms-optout topic through the outbox relay', async () => {
    await runtime.notifier.consent.update({ venueId: 52, phoneNumber: '+14155550152', action: 'opt_out', source: 'support_request' })
    const published = await until(() => broker.active('sms-optout/Subscriptions/audit').find((m) => m.subject === 'SmsUnsubscribe'))
    const body = Buffer.isBuffer(published.body) ? (JSON.parse(published.body.toString('utf8')) as unknown) : published.body
    expect(body).toMatchObject({ type: 'SmsUnsubscribe', venueId: 52, source: 'support_request' })
  })

  it('dead-letters a malformed event, lists it and replays it', async () => {
    await runtime.transport.send({ OrderId: 'nope' }, { messageType: 'SendOrderConfirmationSms', correlationId: 'sb-poison' })
    const dead = await until(async () => (await runtime.transport.deadLetters()).find((d) => d.correlationId === 'sb-poison'))
    expect(dead.reason).toBe('InvalidEvent')
    expect(await runtime.transport.replayDeadLetter(dead.messageId)).toBe(true)
  })

  it('has no development routes', async () => {
    const app = await buildApp(runtime.appDeps)
    const res = await app.inject({
      method: 'POST',
      url: '/api/dev/events',
      headers: { authorization: `Bearer ${PUBLIC_TOKEN}` },
      payload: {},
    })
    expect(res.statusCode).toBe(404)
    await app.close()
  })
})
