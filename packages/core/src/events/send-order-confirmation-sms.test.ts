import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { orderConfirmationSchema } from './send-order-confirmation-sms.js'

const schema = orderConfirmationSchema('US')

const validEvent = fc.record({
  OrderId: fc.uuid(),
  VenueId: fc.integer({ min: 1, max: 2_000_000_000 }),
  CustomerId: fc.uuid(),
  PhoneNumber: fc.constantFrom('+14155550100', '(415) 555-0101', '+44 20 7946 0958', '+61 412 345 678', '415.555.0102'),
  CustomerName: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0),
  OrderTotal: fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100),
  TicketCount: fc.integer({ min: 1, max: 500 }),
  EventTimestamp: fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
})

const camel = (e: Record<string, unknown>) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k[0]!.toLowerCase() + k.slice(1), v]))

// For each required field, values that must be rejected.
const badValues: Record<string, fc.Arbitrary<unknown>> = {
  OrderId: fc.constantFrom('not-a-uuid', '', 42, null, '12345678-1234-1234-1234-1234567890'),
  VenueId: fc.constantFrom('x', -1, 0, 1.5, null, '7a', 3_000_000_000),
  CustomerId: fc.constantFrom('abc', 7, null),
  PhoneNumber: fc.constantFrom('notaphone', '', '+1', '12345', 4155550100, null),
  CustomerName: fc.constantFrom('', '   ', null, 12),
  OrderTotal: fc.constantFrom(-1, 'abc', null, Number.NaN, '1e5'),
  TicketCount: fc.constantFrom(0, -2, 1.5, 'two', null),
  EventTimestamp: fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', 0, null, '2026-01-15'),
}

describe('SendOrderConfirmationSms schema', () => {
  it('accepts every valid event, PascalCase or camelCase, to the same result with an E.164 phone', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        const a = schema.safeParse(event)
        const b = schema.safeParse(camel(event))
        expect(a.success).toBe(true)
        expect(b.success).toBe(true)
        if (!a.success || !b.success) return
        expect(a.data).toEqual(b.data)
        expect(a.data.phoneNumber).toMatch(/^\+[1-9]\d{6,14}$/)
        expect(a.data.eventTimestamp.toISOString()).toBe(event.EventTimestamp)
        expect(a.data.orderId).toBe(event.OrderId.toLowerCase())
      }),
    )
  })

  it('rejects an event with any one bad required field, naming that field', () => {
    const fields = Object.keys(badValues)
    fc.assert(
      fc.property(
        validEvent,
        fc.constantFrom(...fields).chain((field) => badValues[field]!.map((bad) => [field, bad] as const)),
        fc.boolean(),
        (event, [field, bad], dropInstead) => {
          const broken: Record<string, unknown> = { ...event }
          if (dropInstead) delete broken[field]
          else broken[field] = bad
          const result = schema.safeParse(broken)
          expect(result.success).toBe(false)
          if (result.success) return
          const paths = result.error.issues.map((i) => String(i.path[0]))
          expect(paths).toContain(field[0]!.toLowerCase() + field.slice(1))
        },
      ),
    )
  })

  it('accepts numeric strings for ids and amounts as producers serialise decimals', () => {
    const r = schema.safeParse({
      OrderId: '0b6f4bd2-4d4a-4a8e-9f0a-0d8e2f1e9c11',
      VenueId: '7',
      CustomerId: '1b6f4bd2-4d4a-4a8e-9f0a-0d8e2f1e9c11',
      PhoneNumber: '+14155550100',
      CustomerName: 'Ann Lee',
      OrderTotal: '42.50',
      TicketCount: '2',
      EventTimestamp: '2026-01-15T11:59:00+01:00',
    })
    expect(r.success).toBe(true)
    if (r.success) expect(r.data).toMatchObject({ venueId: 7, orderTotal: 42.5, ticketCount: 2 })
  })

  it('accepts the optional fields and rejects bad ones', () => {
    const base = {
      OrderId: '0b6f4bd2-4d4a-4a8e-9f0a-0d8e2f1e9c11',
      VenueId: 7,
      CustomerId: '1b6f4bd2-4d4a-4a8e-9f0a-0d8e2f1e9c11',
      PhoneNumber: '+14155550100',
      CustomerName: 'Ann',
      OrderTotal: 1,
      TicketCount: 1,
      EventTimestamp: '2026-01-15T11:59:00Z',
    }
    const ok = schema.safeParse({
      ...base,
      Currency: 'EUR',
      VenueName: 'Fillmore',
      EventName: 'Jazz',
      EventStartsAt: '2026-02-01T20:00:00Z',
      Locale: 'fr-CA',
      SmsOptIn: true,
      OrderStatus: 'cancelled',
    })
    expect(ok.success).toBe(true)
    if (ok.success) expect(ok.data).toMatchObject({ currency: 'EUR', locale: 'fr-CA', smsOptIn: true, orderStatus: 'cancelled' })
    for (const [field, value] of [
      ['Currency', 'euro'],
      ['Locale', '!!'],
      ['SmsOptIn', 'yes'],
      ['OrderStatus', 'refunded'],
      ['EventStartsAt', 'soon'],
    ] as const) {
      const r = schema.safeParse({ ...base, [field]: value })
      expect(r.success, field).toBe(false)
      if (!r.success) expect(r.error.issues[0]?.path[0]).toBe(field[0]!.toLowerCase() + field.slice(1))
    }
  })

  it('rejects a field given in both spellings with different values', () => {
    const r = schema.safeParse({ OrderId: '0b6f4bd2-4d4a-4a8e-9f0a-0d8e2f1e9c11', orderId: '1b6f4bd2-4d4a-4a8e-9f0a-0d8e2f1e9c11' })
    expect(r.success).toBe(false)
    if (!r.success) expect(r.error.issues.some((i) => i.path[0] === 'orderId' && /twice/.test(i.message))).toBe(true)
  })

  it.each([null, 'text', 42, [1, 2]])('rejects a body that is not an object (%j)', (body) => {
    expect(schema.safeParse(body).success).toBe(false)
  })
})
