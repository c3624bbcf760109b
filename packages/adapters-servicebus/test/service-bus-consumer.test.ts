import type { ServiceBusAdministrationClient } from '@azure/service-bus'
import type { HandleOutcome, InboundMessage } from '@sms-notification/core'
import { RecordingLogger } from '@sms-notification/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { ServiceBusConsumer, type ServiceBusConsumerOptions } from '../src/service-bus-consumer.js'
import { RETRY_QUEUE, ServiceBusFixture, SUBSCRIPTION, SUBSCRIPTION_PATH, TOPIC } from './support/service-bus-fixture.js'
import { sleep, waitFor } from './support/wait-for.js'

const TYPE = 'SendOrderConfirmationSms'

describe('ServiceBusConsumer against the AMQP test broker', () => {
  let fixture: ServiceBusFixture | undefined
  let consumer: ServiceBusConsumer | undefined

  afterEach(async () => {
    await consumer?.stop(1_000)
    await fixture?.close()
    consumer = undefined
    fixture = undefined
  })

  function consumerFor(
    f: ServiceBusFixture,
    options: Partial<ServiceBusConsumerOptions> & Pick<ServiceBusConsumerOptions, 'handler'>,
  ): ServiceBusConsumer {
    consumer = new ServiceBusConsumer({
      connection: { connectionString: f.connectionString },
      topic: TOPIC,
      subscription: SUBSCRIPTION,
      retryQueue: RETRY_QUEUE,
      maxAutoLockRenewalDurationInMs: 0,
      watchdog: false,
      ...options,
    })
    return consumer
  }

  it('schedules a retry copy on the retry queue carrying the next attempt, then completes the original', async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const c = consumerFor(f, { handler: async () => ({ action: 'retry', delayMs: 60_000, reason: 'provider 503' }) })
    await c.start()
    const before = Date.now()
    await f.send({ messageId: 'order-1', subject: TYPE, body: { OrderId: 'o-1' }, applicationProperties: { traceparent: 'tp-1' } })
    await waitFor(() => f.broker.scheduled(RETRY_QUEUE).length === 1, 'the scheduled copy')
    const [copy] = f.broker.scheduled(RETRY_QUEUE)
    expect(copy).toMatchObject({
      messageId: 'order-1:retry:2',
      subject: TYPE,
      correlationId: 'order-1',
      applicationProperties: { retryAttempt: 2, originalMessageId: 'order-1', traceparent: 'tp-1' },
    })
    expect(JSON.parse(Buffer.from(copy!.body as Uint8Array).toString('utf8'))).toEqual({ OrderId: 'o-1' })
    expect(copy!.scheduledFor!.getTime()).toBeGreaterThanOrEqual(before + 59_000)
    await waitFor(() => f.broker.settlements(SUBSCRIPTION_PATH).length === 1, 'the original settled')
    expect(f.broker.settlements(SUBSCRIPTION_PATH)).toEqual([expect.objectContaining({ messageId: 'order-1', outcome: 'completed' })])
    expect(f.broker.active(SUBSCRIPTION_PATH)).toEqual([])
  })

  it('keeps the correlation id and the trace context on a retry copy, and on the copy of that copy', async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
    const seen: InboundMessage[] = []
    const c = consumerFor(f, {
      handler: async (message) => {
        seen.push(message)
        return { action: 'retry', delayMs: message.attempt === 1 ? 0 : 60_000, reason: 'provider 503' }
      },
    })
    await c.start()
    await f.send({
      messageId: 'order-2',
      subject: TYPE,
      correlationId: 'corr-2',
      body: { OrderId: 'o-2' },
      applicationProperties: { 'Diagnostic-Id': traceparent },
    })
    // The first copy is due at once and is retried again from the retry queue: its own copy is the one left scheduled.
    await waitFor(() => f.broker.scheduled(RETRY_QUEUE).length === 1 && seen.length === 2, 'the copy of the copy')
    const [copy] = f.broker.scheduled(RETRY_QUEUE)
    expect(copy).toMatchObject({
      messageId: 'order-2:retry:3',
      correlationId: 'corr-2',
      applicationProperties: { retryAttempt: 3, originalMessageId: 'order-2', 'Diagnostic-Id': traceparent },
    })
    expect(seen.map((m) => [m.attempt, m.correlationId, m.traceparent])).toEqual([
      [1, 'corr-2', traceparent],
      [2, 'corr-2', traceparent],
    ])
    await waitFor(() => f.broker.settlements(RETRY_QUEUE).length === 1, 'the first copy settled')
    expect(f.broker.settlements(RETRY_QUEUE)).toEqual([expect.objectContaining({ messageId: 'order-2:retry:2', outcome: 'completed' })])
  })

  it('counts attempts across scheduled copies and broker redeliveries', async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const attempts: number[] = []
    const c = consumerFor(f, {
      handler: async (message) => {
        attempts.push(message.attempt)
        return { action: 'ack', result: 'sent' }
      },
    })
    // A copy carrying attempt 3 that another receiver took and abandoned once: this delivery is attempt 4.
    f.broker.inject(RETRY_QUEUE, { message_id: 'x:retry:3', subject: TYPE, body: { a: 1 }, application_properties: { retryAttempt: 3 } })
    const other = f.client.createReceiver(RETRY_QUEUE, { maxAutoLockRenewalDurationInMs: 0 })
    const [taken] = await other.receiveMessages(1, { maxWaitTimeInMs: 3_000 })
    await other.abandonMessage(taken!)
    await other.close()
    await c.start()
    await waitFor(() => attempts.length === 1, 'the redelivery')
    expect(attempts).toEqual([4])
  })

  it('dead-letters a poison message on the broker with its reason and description, and keeps consuming', async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const handled: string[] = []
    const c = consumerFor(f, {
      handler: async (message) => {
        handled.push(String((message.body as { id: string }).id))
        return { action: 'ack', result: 'sent' }
      },
    })
    await c.start()
    await f.send({ messageId: 'poison', subject: TYPE, body: '{"id": "p", broken' })
    await f.send({ messageId: 'fine', subject: TYPE, body: { id: 'fine' } })
    await waitFor(
      () => f.broker.deadLetters(SUBSCRIPTION_PATH).length === 1 && handled.length === 1,
      'the dead letter and the next message',
    )
    const [dead] = f.broker.deadLetters(SUBSCRIPTION_PATH)
    expect(dead).toMatchObject({ messageId: 'poison', applicationProperties: { DeadLetterReason: 'UnparseableBody' } })
    expect(String(dead!.applicationProperties['DeadLetterErrorDescription'])).toMatch(/not valid JSON/)
    expect(handled).toEqual(['fine'])
  })

  it('fails (readiness) and stops retrying when the subscription does not exist', async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const c = new ServiceBusConsumer({
      connection: { connectionString: f.connectionString },
      topic: 'no-such-topic',
      subscription: SUBSCRIPTION,
      retryQueue: RETRY_QUEUE,
      maxAutoLockRenewalDurationInMs: 0,
      watchdog: false,
      handler: async () => ({ action: 'ack', result: 'sent' }),
    })
    consumer = c
    await c.start()
    await waitFor(() => c.status().state === 'failed', 'the failed state')
    expect(c.status().lastError).toMatchObject({ code: 'MessagingEntityNotFound' })
    // Stays failed: the SDK's own re-attach loop was closed, nothing flips it back.
    await sleep(500)
    expect(c.status().state).toBe('failed')
    await c.stop(1_000)
    expect(c.status().state).toBe('stopped')
  })

  it('fails on an unauthorized connection', async () => {
    fixture = await ServiceBusFixture.start({ rejectTokens: true })
    // The SDK reports a refused token only after its retry cycle (30 s sleeps by default): skip the retries here.
    const c = consumerFor(fixture, {
      connection: { connectionString: fixture.connectionString, clientOptions: { retryOptions: { maxRetries: 0 } } },
      handler: async () => ({ action: 'ack', result: 'sent' }),
    })
    await c.start()
    await waitFor(() => c.status().state === 'failed', 'the failed state')
    expect(c.status().lastError).toMatchObject({ code: 'UnauthorizedAccess' })
  })

  it('recreates a receiver that went silent while messages wait', async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const handled: string[] = []
    const probed: string[] = []
    const c = consumerFor(f, {
      watchdog: {
        silenceMs: 300,
        intervalMs: 100,
        waitingMessages: async (source) => {
          probed.push(source)
          return source === 'subscription' ? f.broker.active(SUBSCRIPTION_PATH).length : f.broker.active(RETRY_QUEUE).length
        },
      },
      handler: async (message) => {
        handled.push(String((message.body as { id: string }).id))
        return { action: 'ack', result: 'sent' }
      },
    })
    await c.start()
    await f.send({ messageId: 'first', subject: TYPE, body: { id: 'first' } })
    await waitFor(() => handled.length === 1, 'the first message')
    // The receiver's link stays open but never delivers again, as in azure-sdk-for-js #38988.
    f.broker.stall(SUBSCRIPTION_PATH)
    await f.send({ messageId: 'second', subject: TYPE, body: { id: 'second' } })
    await sleep(150)
    expect(handled).toEqual(['first'])
    await waitFor(() => handled.length === 2, 'the second message after the receiver was recreated')
    expect(handled).toEqual(['first', 'second'])
    expect(probed).toContain('subscription')
    expect(c.status().state).toBe('running')
  })

  it('falls back to silence-only detection when the administration client has no Manage rights', async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const logger = new RecordingLogger()
    const handled: string[] = []
    let adminCalls = 0
    const refuse = async (): Promise<never> => {
      adminCalls++
      // What the administration client throws for a SAS key without Manage (a RestError; its text is not logged).
      throw Object.assign(new Error('Unauthorized: Manage,EntityRead claims required'), {
        name: 'RestError',
        statusCode: 401,
        code: 'UnauthorizedRequestError',
      })
    }
    const administrationClient = {
      getSubscriptionRuntimeProperties: refuse,
      getQueueRuntimeProperties: refuse,
    } as unknown as ServiceBusAdministrationClient
    const c = consumerFor(f, {
      connection: { client: f.client, administrationClient },
      watchdog: { silenceMs: 300, intervalMs: 100 },
      logger,
      handler: async (message) => {
        handled.push(String((message.body as { id: string }).id))
        return { action: 'ack', result: 'sent' }
      },
    })
    await c.start()
    await f.send({ messageId: 'first', subject: TYPE, body: { id: 'first' } })
    await waitFor(() => handled.length === 1, 'the first message')
    f.broker.stall(SUBSCRIPTION_PATH)
    await f.send({ messageId: 'second', subject: TYPE, body: { id: 'second' } })
    await waitFor(() => handled.length === 2, 'the second message after the receiver was recreated on silence alone')
    // Several more watchdog rounds, each recreating the idle receivers: the administration client stays untouched.
    await sleep(800)
    expect(adminCalls).toBe(1)
    const warnings = logger.lines.filter((l) => l.level === 'warn')
    expect(warnings.map((l) => l.message)).toEqual([
      'receiver watchdog has no Service Bus Manage rights; falling back to silence-only detection',
    ])
    expect(logger.text()).not.toContain('claims required')
    expect(c.status().state).toBe('running')
  })

  it("runs no watchdog with check: 'none', even with a probe that reports waiting messages", async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const handled: string[] = []
    let probes = 0
    const c = consumerFor(f, {
      watchdog: {
        check: 'none',
        silenceMs: 100,
        intervalMs: 50,
        waitingMessages: async () => {
          probes++
          return 1
        },
      },
      handler: async (message) => {
        handled.push(String((message.body as { id: string }).id))
        return { action: 'ack', result: 'sent' }
      },
    })
    await c.start()
    await f.send({ messageId: 'first', subject: TYPE, body: { id: 'first' } })
    await waitFor(() => handled.length === 1, 'the first message')
    f.broker.stall(SUBSCRIPTION_PATH)
    await f.send({ messageId: 'second', subject: TYPE, body: { id: 'second' } })
    await sleep(800)
    // Left silent: nobody recreated the stalled receiver, nobody asked for a count, the message still waits.
    expect(handled).toEqual(['first'])
    expect(f.broker.active(SUBSCRIPTION_PATH).map((m) => m.messageId)).toEqual(['second'])
    expect(probes).toBe(0)
  })

  it('renews the lock of a message handled for longer than its lock', async () => {
    // The SDK renews when half the remaining lock (at most 10 s) is left: a 2 s lock is renewed about 1 s in.
    fixture = await ServiceBusFixture.start({ lockDurationMs: 2_000 })
    const f = fixture
    const logger = new RecordingLogger()
    const c = consumerFor(f, {
      maxAutoLockRenewalDurationInMs: 60_000,
      logger,
      handler: async () => {
        await sleep(2_500)
        return { action: 'ack', result: 'sent' }
      },
    })
    await c.start()
    await f.send({ messageId: 'slow', subject: TYPE, body: { id: 'slow' } })
    await waitFor(() => f.broker.settlements(SUBSCRIPTION_PATH).length === 1, 'the slow message settled', 10_000)
    expect(f.broker.renewals).toBeGreaterThanOrEqual(1)
    expect(f.broker.settlements(SUBSCRIPTION_PATH)[0]).toMatchObject({ outcome: 'completed' })
    expect(logger.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([])
  }, 15_000)

  it('logs a throwing handler at error level without the phone number from its message', async () => {
    fixture = await ServiceBusFixture.start()
    const f = fixture
    const logger = new RecordingLogger()
    const c = consumerFor(f, {
      logger,
      defectRetryDelayMs: () => 60_000,
      handler: async (message: InboundMessage): Promise<HandleOutcome> => {
        throw new Error(`cannot send to +14155550100 for ${message.correlationId}`)
      },
    })
    await c.start()
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
    await f.send({ messageId: 'defect', subject: TYPE, body: { id: 'x' }, applicationProperties: { traceparent } })
    await waitFor(() => f.broker.scheduled(RETRY_QUEUE).length === 1, 'the retry copy')
    const error = logger.lines.find((l) => l.level === 'error')
    expect(error?.message).toBe('message handler threw')
    expect(error?.fields).toMatchObject({ correlationId: 'defect', traceparent, attempt: 1, source: 'subscription' })
    expect(logger.lines.find((l) => l.message === 'retrying the message later')?.fields).toMatchObject({
      correlationId: 'defect',
      traceparent,
    })
    expect(logger.text()).not.toContain('4155550100')
    expect(JSON.stringify(error?.fields)).toContain('+1********00')
  })
})
