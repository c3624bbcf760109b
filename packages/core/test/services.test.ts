import { describe, expect, it } from 'vitest'
import { FakeSmsProvider } from '../testing/fake-sms-provider.js'
import { harness, orderEvent, PHONE } from './orchestrator-harness.js'

describe('ConsentService', () => {
  it('identifies the venue by its sender number (inbound STOP) and is idempotent per provider message', async () => {
    const h = harness()
    const assigned = await h.persistence.numbers.assign({
      venueId: 7,
      phoneNumber: '+12025550177',
      providerId: 'PN1',
      provider: 'fake',
      assignedAt: h.clock.now(),
    })
    expect(assigned.kind).toBe('assigned')
    const stop = {
      venuePhoneNumber: '+12025550177',
      phoneNumber: '(415) 555-0100',
      action: 'opt_out' as const,
      source: 'sms_keyword' as const,
      provider: 'twilio',
      providerMessageId: 'SM1',
    }
    const first = await h.notifier.consent.update(stop)
    expect(first).toMatchObject({
      kind: 'ok',
      result: { kind: 'applied', statusChanged: true, record: { venueId: 7, phoneNumber: PHONE, status: 'opted_out' } },
    })
    expect(await h.notifier.consent.update(stop)).toMatchObject({ kind: 'ok', result: { kind: 'duplicate' } })
    expect(h.metrics.count('sms.opt_out.total', { source: 'sms_keyword' })).toBe(1)
    expect(h.persistence.outbox.rows.map((r) => r.event.type)).toEqual(['SmsUnsubscribe'])
  })

  it('a STOP to a number the venue has released still opts out of that venue', async () => {
    const h = harness()
    const assigned = await h.persistence.numbers.assign({
      venueId: 9,
      phoneNumber: '+12025550178',
      providerId: 'PN9',
      provider: 'fake',
      assignedAt: h.clock.now(),
    })
    if (assigned.kind !== 'assigned') throw new Error('not assigned')
    await h.persistence.numbers.release(assigned.number.id, h.clock.now())
    const r = await h.notifier.consent.update({
      venuePhoneNumber: '+12025550178',
      phoneNumber: PHONE,
      action: 'opt_out',
      source: 'sms_keyword',
      provider: 'twilio',
      providerMessageId: 'SMr',
    })
    expect(r).toMatchObject({ kind: 'ok', result: { kind: 'applied', record: { venueId: 9, status: 'opted_out' } } })
  })

  it('answers unknown-venue-number, invalid-phone and missing-venue without writing', async () => {
    const h = harness()
    expect(
      await h.notifier.consent.update({ venuePhoneNumber: '+12025550199', phoneNumber: PHONE, action: 'opt_out', source: 'sms_keyword' }),
    ).toEqual({ kind: 'unknown-venue-number' })
    expect(await h.notifier.consent.update({ venueId: 7, phoneNumber: 'nope', action: 'opt_out', source: 'sms_keyword' })).toEqual({
      kind: 'invalid-phone',
      field: 'phoneNumber',
    })
    expect(
      await h.notifier.consent.update({ venuePhoneNumber: 'x', phoneNumber: PHONE, action: 'opt_out', source: 'sms_keyword' }),
    ).toEqual({ kind: 'invalid-phone', field: 'venuePhoneNumber' })
    expect(await h.notifier.consent.update({ phoneNumber: PHONE, action: 'opt_out', source: 'sms_keyword' })).toEqual({
      kind: 'missing-venue',
    })
    expect(h.persistence.consents.records.size).toBe(0)
  })

  it('reads consent with any phone spelling and defaults occurredAt to now', async () => {
    const h = harness()
    await h.notifier.consent.update({ venueId: 7, phoneNumber: PHONE, action: 'opt_in', source: 'account_settings' })
    const read = await h.notifier.consent.get(7, '415-555-0100')
    expect(read?.optedInAt?.toISOString()).toBe(h.clock.now().toISOString())
    expect(await h.notifier.consent.get(7, 'garbage')).toBeNull()
    expect((await h.notifier.consent.history(7, '(415) 555-0100')).map((e) => e.source)).toEqual(['account_settings'])
    expect(await h.notifier.consent.history(7, 'garbage')).toEqual([])
  })
})

describe('DeliveryStatusService', () => {
  it('updates the history row and records a carrier STOP block as an opt-out', async () => {
    const h = harness()
    await h.optIn()
    const event = orderEvent()
    await h.deliver(event)
    const sent = (h.provider as FakeSmsProvider).sent[0]!
    const updated = await h.notifier.deliveries.apply({
      provider: 'fake',
      providerMessageId: sent.providerMessageId,
      status: 'failed',
      errorCode: 'plivo:200',
      occurredAt: h.clock.now(),
      recipientOptedOut: true,
    })
    expect(updated).toMatchObject({ kind: 'applied', record: { deliveryStatus: 'failed', deliveryErrorCode: 'plivo:200', status: 'sent' } })
    expect(await h.persistence.consents.get(7, PHONE)).toMatchObject({ status: 'opted_out', source: 'carrier_report' })
    // A report stamped in the future (a fast provider clock) counts as now, so it cannot outrank later reports.
    const ahead = await h.notifier.deliveries.apply({
      provider: 'fake',
      providerMessageId: sent.providerMessageId,
      status: 'undelivered',
      errorCode: 'plivo:80',
      occurredAt: new Date('2099-01-01T00:00:00Z'),
    })
    expect(ahead.kind === 'applied' && ahead.record.deliveryUpdatedAt?.toISOString()).toBe(h.clock.now().toISOString())
    // A carrier opt-out for a send that is not (yet) recorded is still recorded, from the report's addresses.
    const venueNumber = h.persistence.numbers.rows[0]!.phoneNumber
    await h.persistence.consents.applyChange({
      venueId: 7,
      phoneNumber: '+14155550177',
      action: 'opt_in',
      source: 'checkout',
      occurredAt: new Date('2026-01-01T00:00:00Z'),
    })
    const unmatched = await h.notifier.deliveries.apply({
      provider: 'fake',
      providerMessageId: 'not-recorded',
      status: 'failed',
      errorCode: 'plivo:200',
      occurredAt: h.clock.now(),
      recipientOptedOut: true,
      from: venueNumber,
      to: '+14155550177',
    })
    expect(unmatched).toEqual({ kind: 'opt-out-recorded', venueId: 7 })
    expect(await h.persistence.consents.get(7, '+14155550177')).toMatchObject({ status: 'opted_out', source: 'carrier_report' })
    expect(
      await h.notifier.deliveries.apply({
        provider: 'fake',
        providerMessageId: 'unknown',
        status: 'delivered',
        errorCode: null,
        occurredAt: h.clock.now(),
      }),
    ).toEqual({ kind: 'unknown-message' })
  })
})

describe('VenueNumberService', () => {
  it('assigns an existing number, refuses a second, and releases at the provider first', async () => {
    const fake = new FakeSmsProvider('fake')
    const h = harness({ provider: fake })
    const bought = await fake.provisionNumber({ venueId: 7, country: 'US' })
    if (bought.kind !== 'provisioned') throw new Error('not provisioned')
    const a = await h.notifier.numbers.assign({
      venueId: 7,
      phoneNumber: bought.phoneNumber,
      provider: 'fake',
      providerId: bought.providerId,
    })
    expect(a.kind).toBe('assigned')
    expect((await h.notifier.numbers.assign({ venueId: 7, phoneNumber: '+12025550199', provider: 'fake', providerId: 'x' })).kind).toBe(
      'venue-already-has-number',
    )
    expect((await h.notifier.numbers.assign({ venueId: 7, phoneNumber: 'bad', provider: 'fake', providerId: 'x' })).kind).toBe(
      'invalid-phone',
    )
    if (a.kind !== 'assigned') return
    expect(await h.notifier.numbers.release(8, a.number.id)).toEqual({ kind: 'not-found' })
    const released = await h.notifier.numbers.release(7, a.number.id)
    expect(released).toMatchObject({ kind: 'released', number: { status: 'released' } })
    expect(fake.released).toEqual([bought.phoneNumber])
    expect(await h.notifier.numbers.list(7)).toEqual([expect.objectContaining({ status: 'released' })])
  })
})

describe('createSmsNotifier', () => {
  it('stops at startup when a template override references an unknown field', () => {
    expect(() => harness({ deps: { templates: { order_confirmation: { template: 'Hi {{nickname}}' } } } })).toThrow(/nickname/)
  })

  it('uses venue and locale overrides', async () => {
    const h = harness({
      deps: { templates: { order_confirmation: { venues: { '7': 'Venue seven: order {{orderRef}} confirmed. Reply STOP to opt out.' } } } },
    })
    await h.optIn()
    await h.deliver(orderEvent())
    expect((h.provider as FakeSmsProvider).sent[0]!.body).toMatch(/^Venue seven: order [0-9A-F]{8} confirmed/)
  })

  it('passes the callback URLs on, with the provisioning provider named in the inbound webhook URL', async () => {
    const h = harness({
      deps: {
        options: {
          inboundWebhookUrl: 'https://hooks.example.com/api/{provider}/webhook',
          statusCallbackUrl: 'https://hooks.example.com/api/{provider}/status',
        },
      },
    })
    await h.optIn()
    await h.deliver(orderEvent())
    const fake = h.provider as FakeSmsProvider
    expect(fake.provisionRequests[0]).toMatchObject({
      venueId: 7,
      country: 'US',
      inboundWebhookUrl: 'https://hooks.example.com/api/fake/webhook',
    })
    expect(fake.sendRequests[0]).toMatchObject({
      statusCallbackUrl: 'https://hooks.example.com/api/{provider}/status',
      correlationId: 'corr-42',
    })
  })

  it('sendOrderConfirmation sends directly without a queue', async () => {
    const h = harness()
    await h.optIn()
    expect(await h.notifier.sendOrderConfirmation(orderEvent())).toEqual({ action: 'ack', result: 'sent' })
  })
})
