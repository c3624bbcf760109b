import { describe, expect, it } from 'vitest'
import { TransientStoreError } from '../src/ports/store-errors.js'
import { FailoverSmsProvider } from '../src/sending/failover-sms-provider.js'
import { FakeSmsProvider } from '../testing/fake-sms-provider.js'
import { RecordingMetrics } from '../testing/recording-metrics.js'
import { harness, orderEvent, PHONE } from './orchestrator-harness.js'

describe('SmsOrchestrator: the order-confirmation flow', () => {
  it('sends from the venue number (provisioned on first use) and records every detail', async () => {
    const h = harness()
    await h.optIn()
    const event = orderEvent({ CustomerName: 'Ann O’Brien' })
    const outcome = await h.deliver(event)
    expect(outcome).toEqual({ action: 'ack', result: 'sent' })
    const fake = h.provider as FakeSmsProvider
    expect(fake.sent).toHaveLength(1)
    expect(fake.provisioned).toHaveLength(1)
    const [row] = h.rows(event.OrderId)
    expect(row).toMatchObject({
      status: 'sent',
      provider: 'fake',
      providerMessageId: fake.sent[0]!.providerMessageId,
      encoding: 'GSM-7',
      segments: 1,
      messageType: 'order_confirmation',
      customerPhoneNumber: PHONE,
      correlationId: 'corr-42',
      errorCode: null,
    })
    const number = h.persistence.numbers.rows[0]!
    expect(row!.venuePhoneNumberId).toBe(number.id)
    expect(fake.sent[0]!.from).toBe(number.phoneNumber)
    expect(row!.message).toContain("Ann O'Brien".split(' ')[0])
    expect(row!.message).not.toContain('’')
    expect(row!.message).toContain('$42.50')
    expect(h.metrics.count('sms.sent.total', { message_type: 'order_confirmation', provider: 'fake' })).toBe(1)
    expect(h.metrics.records.some((r) => r.type === 'distribution' && r.name === 'sms.send.duration' && r.tags.provider === 'fake')).toBe(
      true,
    )
  })

  it('carries the trace context into the history and the logs', async () => {
    const h = harness()
    await h.optIn()
    const event = orderEvent()
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
    await h.notifier.handle({ messageType: 'SendOrderConfirmationSms', body: event, attempt: 1, correlationId: 'corr-7', traceparent })
    expect(h.rows(event.OrderId)[0]).toMatchObject({ correlationId: 'corr-7', traceparent })
    expect(h.logger.lines.find((l) => l.message === 'sms sent')?.fields).toMatchObject({ correlationId: 'corr-7', traceparent })
  })

  it('keeps a Service Bus id longer than the stores hold as its first 100 characters', async () => {
    const h = harness()
    const long = 'c'.repeat(128)
    const event = orderEvent({ SmsOptIn: true })
    await h.notifier.handle({ messageType: 'SendOrderConfirmationSms', body: event, attempt: 1, correlationId: long })
    expect(h.rows(event.OrderId)[0]?.correlationId).toBe('c'.repeat(100))
    expect((await h.persistence.consents.history(7, PHONE))[0]?.evidence.correlationId).toBe('c'.repeat(100))
  })

  it('reuses the venue number for later orders and keeps venues apart', async () => {
    const h = harness()
    await h.optIn(7)
    await h.optIn(8)
    await h.deliver(orderEvent())
    await h.deliver(orderEvent())
    await h.deliver(orderEvent({ VenueId: 8 }))
    const fake = h.provider as FakeSmsProvider
    expect(fake.provisioned.map((p) => p.venueId)).toEqual([7, 8])
    expect(new Set(fake.sent.slice(0, 2).map((s) => s.from)).size).toBe(1)
    expect(fake.sent[2]!.from).not.toBe(fake.sent[0]!.from)
  })

  it('no consent: records skipped_no_consent and sends nothing', async () => {
    const h = harness()
    const event = orderEvent()
    expect(await h.deliver(event)).toEqual({ action: 'ack', result: 'skipped_no_consent' })
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'skipped_no_consent', venuePhoneNumberId: null, provider: null })
    expect((h.provider as FakeSmsProvider).calls).toHaveLength(0)
    expect(h.persistence.numbers.rows).toHaveLength(0)
  })

  it('opted out: records blocked_opted_out and sends nothing', async () => {
    const h = harness()
    await h.persistence.consents.applyChange({
      venueId: 7,
      phoneNumber: PHONE,
      action: 'opt_out',
      source: 'sms_keyword',
      occurredAt: new Date('2026-01-10T00:00:00Z'),
    })
    const event = orderEvent({ SmsOptIn: true })
    expect(await h.deliver(event)).toEqual({ action: 'ack', result: 'blocked_opted_out' })
    expect(h.rows(event.OrderId)[0]?.status).toBe('blocked_opted_out')
    expect((h.provider as FakeSmsProvider).calls).toHaveLength(0)
    expect((await h.persistence.consents.get(7, PHONE))?.status).toBe('opted_out')
  })

  it('the checkout checkbox on the event records checkout consent when none exists, then sends', async () => {
    const h = harness()
    const event = orderEvent({ SmsOptIn: true })
    expect(await h.deliver(event)).toEqual({ action: 'ack', result: 'sent' })
    const consent = await h.persistence.consents.get(7, PHONE)
    expect(consent).toMatchObject({ status: 'opted_in', source: 'checkout' })
    expect(consent?.initialConsentAt?.toISOString()).toBe('2026-01-15T11:59:00.000Z')
    expect(h.metrics.count('sms.opt_in.total', { source: 'checkout' })).toBe(1)
  })

  it('order cancelled: skips, acknowledges and records it', async () => {
    const h = harness()
    await h.optIn()
    const event = orderEvent({ OrderStatus: 'cancelled' })
    expect(await h.deliver(event)).toEqual({ action: 'ack', result: 'skipped_cancelled' })
    expect(h.rows(event.OrderId)[0]?.status).toBe('skipped_cancelled')
    expect((h.provider as FakeSmsProvider).calls).toHaveLength(0)
  })
})

describe('SmsOrchestrator: exactly one SMS per order and message type', () => {
  it('a sequential redelivery is acknowledged without a second send', async () => {
    const h = harness()
    await h.optIn()
    const event = orderEvent()
    await h.deliver(event)
    expect(await h.deliver(event, 2)).toEqual({ action: 'ack', result: 'duplicate' })
    expect((h.provider as FakeSmsProvider).sent).toHaveLength(1)
    expect(h.rows(event.OrderId)).toHaveLength(1)
  })

  it('concurrent deliveries of one event send once; the others come back after the lease', async () => {
    const fake = new FakeSmsProvider('fake')
    fake.latencyMs = 20
    const h = harness({ provider: fake })
    await h.optIn()
    const event = orderEvent()
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => h.deliver(event)))
    expect(fake.sent).toHaveLength(1)
    expect(outcomes.filter((o) => o.action === 'ack' && o.result === 'sent')).toHaveLength(1)
    const others = outcomes.filter((o) => !(o.action === 'ack' && o.result === 'sent'))
    for (const o of others) expect(o).toMatchObject({ action: 'retry', reason: 'claim_in_progress' })
    for (const o of others) if (o.action === 'retry') expect(o.delayMs).toBeGreaterThanOrEqual(30_000)
    // When they come back, they find the send done.
    expect(await h.deliver(event, 2)).toEqual({ action: 'ack', result: 'duplicate' })
    expect(h.rows(event.OrderId)).toHaveLength(1)
  })

  it('takes over the claim of a worker that died mid-send once its lease expires', async () => {
    const h = harness()
    await h.optIn()
    const event = orderEvent()
    const claim = await h.persistence.history.claim({
      orderId: String(event.OrderId),
      messageType: 'order_confirmation',
      venueId: 7,
      customerId: String(event.CustomerId),
      customerPhoneNumber: PHONE,
      correlationId: null,
      leaseMs: 30_000,
    })
    expect(claim.kind).toBe('claimed')
    expect((await h.deliver(event, 2)).action).toBe('retry')
    h.clock.advance(30_001)
    expect(await h.deliver(event, 3)).toEqual({ action: 'ack', result: 'sent' })
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'sent', attempts: 2 })
    expect(h.logger.lines.some((l) => l.message.includes('took over'))).toBe(true)
  })

  it('a second message type for the same order is its own send, with no change to the orchestrator', async () => {
    const h = harness()
    await h.optIn()
    const event = orderEvent()
    await h.deliver(event)
    const reminder = { ...event, EventName: 'Jazz Night', EventStartsAt: '2026-02-01T20:00:00Z' }
    expect(await h.deliver(reminder, 1, 'SendEventReminderSms')).toEqual({ action: 'ack', result: 'sent' })
    expect(await h.deliver(reminder, 2, 'SendEventReminderSms')).toEqual({ action: 'ack', result: 'duplicate' })
    const rows = h.rows(event.OrderId)
    expect(rows.map((r) => r.messageType).sort()).toEqual(['event_reminder', 'order_confirmation'])
    expect((h.provider as FakeSmsProvider).sent[1]!.body).toContain('Jazz Night')
  })
})

describe('SmsOrchestrator: provisioning', () => {
  it('two concurrent first orders for a venue buy one number', async () => {
    const fake = new FakeSmsProvider('fake')
    fake.latencyMs = 30
    const h = harness({ provider: fake })
    await h.optIn(7, PHONE)
    await h.optIn(7, '+14155550101')
    const outcomes = await Promise.all([h.deliver(orderEvent()), h.deliver(orderEvent({ PhoneNumber: '+14155550101' }))])
    expect(outcomes).toEqual([
      { action: 'ack', result: 'sent' },
      { action: 'ack', result: 'sent' },
    ])
    expect(fake.provisioned).toHaveLength(1)
    expect(h.persistence.numbers.rows.filter((r) => r.status === 'active')).toHaveLength(1)
    expect(new Set(fake.sent.map((s) => s.from)).size).toBe(1)
  })

  it('a provisioning failure that may pass is retried; one that will not is dead-lettered', async () => {
    const fake = new FakeSmsProvider('fake')
    const h = harness({ provider: fake })
    await h.optIn()
    fake.provisionScript = 'transient'
    const event = orderEvent()
    const first = await h.deliver(event)
    expect(first).toMatchObject({ action: 'retry', reason: 'http:503' })
    fake.provisionScript = 'no-numbers'
    const second = await h.deliver(event, 2)
    expect(second).toMatchObject({ action: 'dead-letter', reason: 'ProviderConfigurationError' })
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'failed', errorCode: 'no_numbers' })
    fake.provisionScript = null
    expect(await h.deliver(event, 1)).toEqual({ action: 'ack', result: 'sent' })
  })
})

describe('SmsOrchestrator: the error table', () => {
  it('provider says opted out: consent set to opted_out, blocked_opted_out recorded, SmsUnsubscribe queued, acknowledged', async () => {
    const fake = new FakeSmsProvider('fake').always(PHONE, { kind: 'opted-out', errorCode: 'twilio:21610' })
    const h = harness({ provider: fake })
    await h.optIn()
    const event = orderEvent()
    expect(await h.deliver(event)).toEqual({ action: 'ack', result: 'blocked_opted_out' })
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'blocked_opted_out', errorCode: 'twilio:21610' })
    expect(await h.persistence.consents.get(7, PHONE)).toMatchObject({ status: 'opted_out', source: 'provider_rejection' })
    expect(h.persistence.outbox.rows.map((r) => r.event.type)).toContain('SmsUnsubscribe')
    expect(h.metrics.count('sms.opt_out.total')).toBe(1)
    expect(h.metrics.count('sms.failed.total', { error_code: 'twilio:21610', provider: 'fake' })).toBe(1)
    // And nothing more goes to that phone for the venue.
    expect(await h.deliver(orderEvent())).toEqual({ action: 'ack', result: 'blocked_opted_out' })
    expect(fake.calls).toHaveLength(1)
  })

  it('invalid phone: records failed with the error code and acknowledges', async () => {
    const fake = new FakeSmsProvider('fake').always(PHONE, { kind: 'invalid-recipient', errorCode: 'twilio:21211' })
    const h = harness({ provider: fake })
    await h.optIn()
    const event = orderEvent()
    expect(await h.deliver(event)).toEqual({ action: 'ack', result: 'failed' })
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'failed', errorCode: 'twilio:21211' })
    expect(h.metrics.count('sms.failed.total', { error_code: 'twilio:21211' })).toBe(1)
    expect(await h.deliver(event, 2)).toEqual({ action: 'ack', result: 'duplicate' })
  })

  it('provider 5xx: retries with backoff, then succeeds with one send', async () => {
    const fake = new FakeSmsProvider('fake').next(
      PHONE,
      { kind: 'transient', errorCode: 'http:503' },
      { kind: 'transient', errorCode: 'http:503' },
    )
    const h = harness({ provider: fake })
    await h.optIn()
    const event = orderEvent()
    const first = await h.deliver(event, 1)
    const second = await h.deliver(event, 2)
    expect(first).toMatchObject({ action: 'retry', reason: 'http:503' })
    expect(second).toMatchObject({ action: 'retry', reason: 'http:503' })
    if (first.action === 'retry' && second.action === 'retry') {
      expect(first.delayMs).toBeGreaterThanOrEqual(500)
      expect(first.delayMs).toBeLessThanOrEqual(1_000)
      expect(second.delayMs).toBeGreaterThanOrEqual(1_000)
      expect(second.delayMs).toBeLessThanOrEqual(2_000)
    }
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'pending', errorCode: 'http:503' })
    expect(await h.deliver(event, 3)).toEqual({ action: 'ack', result: 'sent' })
    expect(fake.sent).toHaveLength(1)
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'sent', attempts: 3, errorCode: null })
  })

  it('honours a provider Retry-After longer than the backoff', async () => {
    const fake = new FakeSmsProvider('fake').next(PHONE, { kind: 'transient', errorCode: 'http:429', retryAfterMs: 20_000 })
    const h = harness({ provider: fake })
    await h.optIn()
    expect(await h.deliver(orderEvent())).toMatchObject({ action: 'retry', delayMs: 20_000 })
  })

  it('after the configured attempts a transient failure is recorded failed and dead-lettered', async () => {
    const fake = new FakeSmsProvider('fake').always(PHONE, { kind: 'transient', errorCode: 'network:ECONNRESET' })
    const h = harness({ provider: fake })
    await h.optIn()
    const event = orderEvent()
    for (let attempt = 1; attempt < 4; attempt++) expect((await h.deliver(event, attempt)).action).toBe('retry')
    const last = await h.deliver(event, 4)
    expect(last).toMatchObject({ action: 'dead-letter', reason: 'RetriesExhausted' })
    if (last.action === 'dead-letter') expect(last.description).toContain('network:ECONNRESET')
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'failed', errorCode: 'network:ECONNRESET' })
    expect(h.rows(event.OrderId)[0]!.deadLetteredAt).not.toBeNull()
  })

  it('a replayed dead letter sends once the cause is fixed', async () => {
    const fake = new FakeSmsProvider('fake').next(PHONE, { kind: 'configuration', errorCode: 'twilio:20003' })
    const h = harness({ provider: fake })
    await h.optIn()
    const event = orderEvent()
    expect(await h.deliver(event)).toMatchObject({ action: 'dead-letter', reason: 'ProviderConfigurationError' })
    expect(h.logger.lines.some((l) => l.level === 'error' && l.fields.errorCode === 'twilio:20003')).toBe(true)
    expect(await h.deliver(event, 1)).toEqual({ action: 'ack', result: 'sent' })
    expect(fake.sent).toHaveLength(1)
  })

  it('a database failure that may pass becomes a retry and gives the claim back', async () => {
    const h = harness()
    await h.optIn()
    const original = h.persistence.consents.get.bind(h.persistence.consents)
    let failures = 1
    h.persistence.consents.get = async (...args) => {
      if (failures-- > 0) throw new TransientStoreError('40P01', 'deadlock detected')
      return original(...args)
    }
    const event = orderEvent()
    expect(await h.deliver(event)).toMatchObject({ action: 'retry', reason: 'database:40P01' })
    expect(await h.deliver(event, 2)).toEqual({ action: 'ack', result: 'sent' })
  })

  it('a passing database failure while recording a sent SMS is retried in place: one send', async () => {
    const h = harness()
    await h.optIn()
    const original = h.persistence.history.complete.bind(h.persistence.history)
    let failures = 2
    h.persistence.history.complete = async (...args) => {
      if (failures-- > 0) throw new TransientStoreError('40001', 'serialization failure')
      return original(...args)
    }
    const event = orderEvent()
    expect(await h.deliver(event)).toEqual({ action: 'ack', result: 'sent' })
    expect((h.provider as FakeSmsProvider).sent).toHaveLength(1)
    expect(h.rows(event.OrderId)[0]?.status).toBe('sent')
  })

  it('an outcome that cannot be recorded keeps the claim, so a redelivery does not send a second SMS', async () => {
    const h = harness()
    await h.optIn()
    const original = h.persistence.history.complete.bind(h.persistence.history)
    let down = true
    h.persistence.history.complete = async (...args) => {
      if (down) throw new TransientStoreError('57P01', 'terminating connection')
      return original(...args)
    }
    const event = orderEvent()
    const first = await h.deliver(event)
    expect(first).toMatchObject({ action: 'retry', reason: 'unrecorded_outcome' })
    if (first.action === 'retry') expect(first.delayMs).toBeGreaterThan(30_000)
    down = false
    expect(await h.deliver(event, 2)).toMatchObject({ action: 'retry', reason: 'claim_in_progress' })
    expect((h.provider as FakeSmsProvider).sent).toHaveLength(1)
    expect(h.logger.lines.some((l) => l.level === 'error' && l.message.includes('not recorded'))).toBe(true)
  }, 15_000)

  it('a defect is thrown after giving the claim back', async () => {
    const fake = new FakeSmsProvider('fake').next(PHONE, { kind: 'throw', error: new Error('boom') })
    const h = harness({ provider: fake })
    await h.optIn()
    const event = orderEvent()
    await expect(h.deliver(event)).rejects.toThrow('boom')
    expect(await h.deliver(event, 2)).toEqual({ action: 'ack', result: 'sent' })
  })
})

describe('SmsOrchestrator: bad input', () => {
  it('an invalid event is dead-lettered at once, naming each bad field', async () => {
    const h = harness()
    const outcome = await h.deliver({ OrderId: 'not-a-uuid', VenueId: 'x', PhoneNumber: 'nope', TicketCount: 0 })
    expect(outcome).toMatchObject({ action: 'dead-letter', reason: 'InvalidEvent' })
    if (outcome.action !== 'dead-letter') return
    for (const field of [
      'orderId',
      'venueId',
      'customerId',
      'phoneNumber',
      'customerName',
      'orderTotal',
      'ticketCount',
      'eventTimestamp',
    ]) {
      expect(outcome.description).toContain(field)
    }
    expect(outcome.description).not.toContain('nope')
  })

  it('an unknown message type is dead-lettered', async () => {
    const h = harness()
    expect(await h.deliver(orderEvent(), 1, 'SendSomethingElse')).toMatchObject({ action: 'dead-letter', reason: 'UnknownMessageType' })
  })

  it('a message over the segment budget is an explicit outcome, never truncated', async () => {
    const h = harness({
      deps: { templates: { order_confirmation: { template: '{{customerName}} '.repeat(40) } }, options: { segmentBudget: 1 } },
    })
    await h.optIn()
    const event = orderEvent()
    const outcome = await h.deliver(event)
    expect(outcome).toMatchObject({ action: 'dead-letter', reason: 'MessageTooLong' })
    const row = h.rows(event.OrderId)[0]!
    expect(row.status).toBe('failed')
    expect(row.errorCode).toBe('message_too_long:segments')
    expect(row.segments).toBeGreaterThan(1)
    expect((h.provider as FakeSmsProvider).calls).toHaveLength(0)
  })

  it('never logs a full phone number', async () => {
    const h = harness()
    await h.optIn()
    await h.deliver(orderEvent())
    await h.deliver(orderEvent({ PhoneNumber: '+14155550199' }))
    expect(h.logger.lines.length).toBeGreaterThan(0)
    expect(h.logger.text()).not.toMatch(/4155550100|4155550199/)
  })
})

describe('SmsOrchestrator: sender pacing', () => {
  it('spaces sends from one venue number and sends a burst beyond the wait back to the queue', async () => {
    const fake = new FakeSmsProvider('fake')
    const sentAt: number[] = []
    const send = fake.send.bind(fake)
    fake.send = async (request) => {
      const outcome = await send(request)
      if (outcome.kind === 'sent') sentAt.push(performance.now())
      return outcome
    }
    const h = harness({
      provider: fake,
      deps: { options: { senderIntervalMs: 60, senderMaxWaitMs: 150, maxAttempts: 1, retry: { baseMs: 10, maxMs: 60_000 } } },
    })
    const phones = ['+14155550130', '+14155550131', '+14155550132', '+14155550133', '+14155550134']
    for (const p of phones) await h.optIn(7, p)
    // The venue's number exists before the burst, so every send competes for its slots only.
    await h.persistence.numbers.assign({
      venueId: 7,
      phoneNumber: '+12025550150',
      providerId: 'PN',
      provider: 'fake',
      assignedAt: h.clock.now(),
    })
    const outcomes = await Promise.all(phones.map((p) => h.deliver(orderEvent({ PhoneNumber: p }))))
    const sent = outcomes.filter((o) => o.action === 'ack' && o.result === 'sent')
    const deferred = outcomes.filter((o) => o.action === 'retry')
    expect(sent).toHaveLength(3)
    expect(deferred).toHaveLength(2)
    for (const d of deferred) expect(d).toMatchObject({ action: 'retry', reason: 'sender_paced' })
    // maxAttempts is 1, yet a paced message is not dead-lettered: waiting for a slot is not a failure.
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(50)
    expect(h.metrics.count('sms.sender.paced.total', { outcome: 'deferred' })).toBe(2)
  })
})

describe('FailoverSmsProvider', () => {
  it('moves to the secondary on a transient failure, sending from the venue number at the secondary', async () => {
    const primary = new FakeSmsProvider('twilio').always(PHONE, { kind: 'transient', errorCode: 'http:503' })
    const secondary = new FakeSmsProvider('plivo', 500)
    const metrics = new RecordingMetrics()
    const h = harness({ provider: new FailoverSmsProvider(primary, secondary, { metrics }) })
    await h.optIn()
    const event = orderEvent()
    expect(await h.deliver(event)).toEqual({ action: 'ack', result: 'sent' })
    expect(secondary.sent).toHaveLength(1)
    const plivoNumber = h.persistence.numbers.rows.find((r) => r.provider === 'plivo')!
    expect(secondary.sent[0]!.from).toBe(plivoNumber.phoneNumber)
    expect(h.rows(event.OrderId)[0]).toMatchObject({ provider: 'plivo', venuePhoneNumberId: plivoNumber.id })
    expect(metrics.count('sms.failover.total', { from: 'twilio', to: 'plivo', error_code: 'http:503' })).toBe(1)
  })

  it.each([
    ['opted-out', 'twilio:21610'],
    ['invalid-recipient', 'twilio:21211'],
    ['rejected', 'twilio:21617'],
    ['configuration', 'twilio:20003'],
  ] as const)('never retries a permanent %s rejection on the secondary', async (kind, errorCode) => {
    const primary = new FakeSmsProvider('twilio').always(PHONE, { kind, errorCode })
    const secondary = new FakeSmsProvider('plivo', 500)
    const h = harness({ provider: new FailoverSmsProvider(primary, secondary) })
    await h.optIn()
    await h.deliver(orderEvent())
    expect(secondary.calls).toHaveLength(0)
  })

  it('never fails over an ambiguous failure: the retry goes back to the primary (the documented at-least-once window)', async () => {
    const primary = new FakeSmsProvider('twilio').next(PHONE, { kind: 'accepted-then-timeout' })
    const secondary = new FakeSmsProvider('plivo', 500)
    const h = harness({ provider: new FailoverSmsProvider(primary, secondary) })
    await h.optIn()
    const event = orderEvent()
    expect(await h.deliver(event)).toMatchObject({ action: 'retry', reason: 'timeout' })
    expect(secondary.calls).toHaveLength(0)
    expect(await h.deliver(event, 2)).toEqual({ action: 'ack', result: 'sent' })
    // The timed-out request had been accepted: the retry sends a second copy, from the same number and provider.
    // A failover would have sent it from a second number at a second provider as well.
    expect(primary.sent).toHaveLength(2)
    expect(new Set(primary.sent.map((s) => s.from)).size).toBe(1)
    expect(secondary.sent).toHaveLength(0)
  })

  it('never fails over a paced sender (the other provider would buy the venue a second number)', async () => {
    const primary = new FakeSmsProvider('twilio')
    const secondary = new FakeSmsProvider('plivo', 500)
    const h = harness({
      provider: new FailoverSmsProvider(primary, secondary),
      deps: { options: { senderIntervalMs: 10_000, senderMaxWaitMs: 100 } },
    })
    await h.optIn(7, PHONE)
    await h.optIn(7, '+14155550140')
    expect(await h.deliver(orderEvent())).toEqual({ action: 'ack', result: 'sent' })
    const deferred = await h.deliver(orderEvent({ PhoneNumber: '+14155550140' }))
    expect(deferred).toMatchObject({ action: 'retry', reason: 'sender_paced', countsAsAttempt: false })
    expect(secondary.calls).toHaveLength(0)
    expect(secondary.provisioned).toHaveLength(0)
  })

  it("fences a worker whose claim was taken over mid-send: the new holder's record stands", async () => {
    const fake = new FakeSmsProvider('fake')
    const h = harness({ provider: fake })
    await h.optIn()
    await h.persistence.numbers.assign({
      venueId: 7,
      phoneNumber: '+12025550160',
      providerId: 'PN',
      provider: 'fake',
      assignedAt: h.clock.now(),
    })
    const event = orderEvent()
    fake.latencyMs = 80
    const slow = h.deliver(event, 1)
    await new Promise((r) => setTimeout(r, 20))
    h.clock.advance(30_001)
    fake.latencyMs = 0
    expect(await h.deliver(event, 2)).toEqual({ action: 'ack', result: 'sent' })
    const taker = fake.sent[0]!.providerMessageId
    expect(await slow).toEqual({ action: 'ack', result: 'sent' })
    expect(fake.sent).toHaveLength(2)
    expect(h.rows(event.OrderId)[0]).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: taker })
    expect(h.logger.lines.some((l) => l.message.includes('took this claim over'))).toBe(true)
  })

  it('a paced secondary after a primary outage retries the outage, counted as an attempt', async () => {
    const primary = new FakeSmsProvider('twilio').always(PHONE, { kind: 'transient', errorCode: 'http:503' })
    const secondary = new FakeSmsProvider('plivo', 500)
    const h = harness({
      provider: new FailoverSmsProvider(primary, secondary),
      deps: { options: { senderIntervalMs: 10_000, senderMaxWaitMs: 100 } },
    })
    await h.optIn()
    // The venue's plivo number has just used its slot.
    const plivoNumber = await h.persistence.numbers.assign({
      venueId: 7,
      phoneNumber: '+12025550170',
      providerId: 'p',
      provider: 'plivo',
      assignedAt: h.clock.now(),
    })
    if (plivoNumber.kind !== 'assigned') throw new Error('not assigned')
    await h.persistence.pacer.reserve(plivoNumber.number.id, h.clock.now(), 10_000, 0)
    const outcome = await h.deliver(orderEvent())
    expect(outcome).toMatchObject({ action: 'retry', reason: 'http:503' })
    expect(outcome).not.toHaveProperty('countsAsAttempt')
    expect(secondary.sent).toHaveLength(0)
  })

  it('when both fail transiently the message is retried', async () => {
    const primary = new FakeSmsProvider('twilio').always(PHONE, { kind: 'transient', errorCode: 'http:503', retryAfterMs: 30_000 })
    const secondary = new FakeSmsProvider('plivo', 500).always(PHONE, { kind: 'transient', errorCode: 'timeout', retryAfterMs: 5_000 })
    const h = harness({ provider: new FailoverSmsProvider(primary, secondary) })
    await h.optIn()
    expect(await h.deliver(orderEvent())).toMatchObject({ action: 'retry', reason: 'timeout' })
  })
})
