import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INTERNAL_TOKEN, PUBLIC_TOKEN, type TestRuntime } from './test-runtime.js'

const pub = { authorization: `Bearer ${PUBLIC_TOKEN}` }
const int = { authorization: `Bearer ${INTERNAL_TOKEN}` }

function orderEvent(over: Record<string, unknown> = {}) {
  return {
    OrderId: randomUUID(),
    VenueId: 7,
    CustomerId: randomUUID(),
    PhoneNumber: '+14155550100',
    CustomerName: 'Ann O’Brien',
    OrderTotal: 42.5,
    TicketCount: 2,
    EventTimestamp: new Date().toISOString(),
    Currency: 'USD',
    VenueName: 'The Fillmore',
    ...over,
  }
}

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await fn()
    if (value !== undefined) return value
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}

/**
 * The HTTP API contract, run against the full runtime on one backend (in memory, SQLite, PostgreSQL). Each
 * backend gets its own runtime; `venue` keeps tests apart inside it.
 */
export function describeApi(name: string, setup: () => Promise<TestRuntime>, skipReason?: string | null) {
  describe.skipIf(Boolean(skipReason))(`HTTP API on ${name}${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    let t: TestRuntime
    beforeAll(async () => {
      t = await setup()
    })
    afterAll(async () => {
      await t?.close()
    })

    const inject = (o: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: unknown }) =>
      t.app.inject({
        method: o.method ?? 'GET',
        url: o.url,
        headers: o.headers ?? {},
        ...(o.payload !== undefined ? { payload: o.payload as string } : {}),
      })
    const optIn = (venueId: number, phoneNumber: string, over: Record<string, unknown> = {}) =>
      inject({
        method: 'POST',
        url: '/api/internal/consent/update',
        headers: int,
        payload: { venueId, phoneNumber, action: 'opt_in', source: 'checkout', ...over },
      })
    const historyOf = async (orderId: string) =>
      (await inject({ url: `/api/history?orderId=${orderId}`, headers: pub })).json().items as Array<Record<string, unknown>>
    const fieldsOfResponse = (res: { json(): { fields?: Array<{ field: string }> } }) => (res.json().fields ?? []).map((f) => f.field)
    const terminal = (orderId: string) => until(async () => (await historyOf(orderId)).find((i) => i.status !== 'pending'))

    describe('health', () => {
      it('is live and ready, naming each check', async () => {
        expect((await inject({ url: '/healthz/live' })).json()).toEqual({ status: 'ok' })
        const ready = await inject({ url: '/healthz/ready' })
        expect(ready.statusCode).toBe(200)
        expect(ready.json()).toMatchObject({
          status: 'ready',
          failing: [],
          checks: { database: { ok: true }, queueConsumer: { ok: true }, configuration: { ok: true } },
        })
      })
    })

    describe('authentication', () => {
      const routes: Array<{ method: 'GET' | 'POST'; url: string; kind: 'public' | 'internal'; payload?: unknown }> = [
        { method: 'GET', url: '/api/consent/7/+14155550100', kind: 'public' },
        { method: 'GET', url: '/api/consent/7/+14155550100/history', kind: 'public' },
        { method: 'GET', url: '/api/history', kind: 'public' },
        { method: 'POST', url: '/api/dev/events', kind: 'public', payload: {} },
        { method: 'GET', url: '/api/dev/outbox', kind: 'public' },
        { method: 'POST', url: '/api/internal/consent/update', kind: 'internal', payload: {} },
        { method: 'POST', url: '/api/internal/delivery-status', kind: 'internal', payload: {} },
        { method: 'GET', url: '/api/internal/venues/7/phone-numbers', kind: 'internal' },
        { method: 'POST', url: '/api/internal/venues/7/phone-numbers', kind: 'internal', payload: {} },
        { method: 'POST', url: '/api/internal/venues/7/phone-numbers/1/release', kind: 'internal' },
      ]
      it.each(routes)('$method $url needs a $kind token', async (r) => {
        const none = await inject({ method: r.method, url: r.url, payload: r.payload })
        expect(none.statusCode).toBe(401)
        expect(none.json().code).toBe('UNAUTHENTICATED')
        expect(none.headers['www-authenticate']).toBe('Bearer')
        const wrong = await inject({
          method: r.method,
          url: r.url,
          payload: r.payload,
          headers: { authorization: 'Bearer not-a-known-token-000000' },
        })
        expect(wrong.statusCode).toBe(401)
        expect(wrong.json().code).toBe('INVALID_TOKEN')
        const otherKind = await inject({ method: r.method, url: r.url, payload: r.payload, headers: r.kind === 'public' ? int : pub })
        expect(otherKind.statusCode).toBe(403)
        expect(otherKind.json().code).toBe('FORBIDDEN')
      })
      it('rejects a non-bearer scheme', async () => {
        const basic = await inject({ url: '/api/history', headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } })
        expect(basic.statusCode).toBe(401)
      })
    })

    describe('consent', () => {
      it('is 404 until recorded, then shows status and source for both + forms', async () => {
        const phone = '+14155550110'
        expect((await inject({ url: `/api/consent/21/${phone}`, headers: pub })).statusCode).toBe(404)
        const update = await optIn(21, phone, { occurredAt: '2026-01-10T10:00:00.000Z' })
        expect(update.statusCode).toBe(200)
        expect(update.json()).toMatchObject({
          outcome: 'applied',
          statusChanged: true,
          consent: { status: 'opted_in', source: 'checkout' },
        })
        for (const url of [`/api/consent/21/${phone}`, `/api/consent/21/${encodeURIComponent(phone)}`]) {
          const res = await inject({ url, headers: pub })
          expect(res.statusCode).toBe(200)
          expect(res.json()).toMatchObject({
            venueId: 21,
            phoneNumber: phone,
            status: 'opted_in',
            source: 'checkout',
            initialConsentAt: '2026-01-10T10:00:00.000Z',
            optedInAt: '2026-01-10T10:00:00.000Z',
            optedOutAt: null,
          })
        }
      })

      it('keeps the newest decision, is per venue, and logs every change with its evidence', async () => {
        const phone = '+14155550111'
        await optIn(22, phone, { occurredAt: '2026-01-10T10:00:00.000Z' })
        const out = await inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: int,
          payload: {
            venueId: 22,
            phoneNumber: phone,
            action: 'opt_out',
            source: 'sms_keyword',
            occurredAt: '2026-01-11T10:00:00.000Z',
            provider: 'twilio',
            providerMessageId: 'SM-out-1',
          },
        })
        expect(out.json()).toMatchObject({
          outcome: 'applied',
          statusChanged: true,
          consent: { status: 'opted_out', source: 'sms_keyword' },
        })
        const older = await optIn(22, phone, { occurredAt: '2026-01-10T12:00:00.000Z', source: 'account_settings' })
        expect(older.json()).toMatchObject({ outcome: 'superseded', statusChanged: false, consent: { status: 'opted_out' } })
        const again = await inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: int,
          payload: {
            venueId: 22,
            phoneNumber: phone,
            action: 'opt_out',
            source: 'sms_keyword',
            occurredAt: '2026-01-11T10:00:00.000Z',
            provider: 'twilio',
            providerMessageId: 'SM-out-1',
          },
        })
        expect(again.json()).toMatchObject({ outcome: 'duplicate', statusChanged: false })
        expect((await inject({ url: `/api/consent/23/${phone}`, headers: pub })).statusCode).toBe(404)
        const log = (await inject({ url: `/api/consent/22/${phone}/history`, headers: pub })).json().items
        expect(log.map((e: { action: string; disposition: string }) => `${e.action}:${e.disposition}`)).toEqual([
          'opt_in:applied',
          'opt_out:applied',
          'opt_in:superseded',
        ])
        expect(log[1]).toMatchObject({ source: 'sms_keyword', provider: 'twilio', providerMessageId: 'SM-out-1' })
      })

      it('resolves the venue from its sender number, 404 when the number is unknown', async () => {
        const unknown = await inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: int,
          payload: { venuePhoneNumber: '+12065550188', phoneNumber: '+14155550112', action: 'opt_out', source: 'sms_keyword' },
        })
        expect(unknown.statusCode).toBe(404)
        expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_VENUE_NUMBER', fields: [{ field: 'venuePhoneNumber' }] })
        const assigned = await inject({
          method: 'POST',
          url: '/api/internal/venues/24/phone-numbers',
          headers: int,
          payload: { phoneNumber: '+12065550187', provider: 'simulated', providerId: 'SIMPN-24' },
        })
        expect(assigned.statusCode).toBe(201)
        const viaNumber = await inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: int,
          payload: {
            venuePhoneNumber: '+12065550187',
            phoneNumber: '+14155550112',
            action: 'opt_out',
            source: 'sms_keyword',
            providerMessageId: 'SM-stop-24',
            provider: 'twilio',
          },
        })
        expect(viaNumber.statusCode).toBe(200)
        expect(viaNumber.json().consent).toMatchObject({ venueId: 24, status: 'opted_out' })
      })

      it.each([
        ['/api/consent/7/notaphone', 'phone'],
        ['/api/consent/7/14155550100', 'phone'],
        ['/api/consent/abc/+14155550100', 'venueId'],
        ['/api/consent/0/+14155550100', 'venueId'],
      ])('GET %s → 400 naming %s', async (url, field) => {
        const res = await inject({ url, headers: pub })
        expect(res.statusCode).toBe(400)
        expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field)
      })

      it.each([
        [{ venueId: 7, phoneNumber: '+14155550100', action: 'maybe', source: 'checkout' }, 'action'],
        [{ venueId: 7, phoneNumber: '+14155550100', action: 'opt_in', source: 'telepathy' }, 'source'],
        [{ venueId: 'seven', phoneNumber: '+14155550100', action: 'opt_in', source: 'checkout' }, 'venueId'],
        [{ phoneNumber: '+14155550100', action: 'opt_in', source: 'checkout' }, 'venueId'],
        [{ venueId: 7, phoneNumber: '+14155550100', action: 'opt_in', source: 'checkout', occurredAt: 'yesterday' }, 'occurredAt'],
        [{ venueId: 7, phoneNumber: 'not a phone', action: 'opt_in', source: 'checkout' }, 'phoneNumber'],
        [{ venuePhoneNumber: 'nope', phoneNumber: '+14155550100', action: 'opt_in', source: 'checkout' }, 'venuePhoneNumber'],
      ])('internal update %j → 400 naming %s', async (payload, field) => {
        const res = await inject({ method: 'POST', url: '/api/internal/consent/update', headers: int, payload })
        expect(res.statusCode).toBe(400)
        expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field)
      })

      it('answers malformed JSON, a wrong content type and an oversized body with 4xx codes', async () => {
        const malformed = await t.app.inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: { ...int, 'content-type': 'application/json' },
          payload: '{"venueId": 7,',
        })
        expect(malformed.statusCode).toBe(400)
        expect(malformed.json().code).toBe('MALFORMED_JSON')
        const text = await t.app.inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: { ...int, 'content-type': 'application/xml' },
          payload: '<a/>',
        })
        expect(text.statusCode).toBe(415)
        const big = await t.app.inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: { ...int, 'content-type': 'application/json' },
          payload: JSON.stringify({ note: 'x'.repeat(70_000) }),
        })
        expect(big.statusCode).toBe(413)
        expect(big.json().code).toBe('BODY_TOO_LARGE')
      })
    })

    describe('sending end to end', () => {
      it('opt-in → dev event → history shows sent → outbox holds the message, with metrics', async () => {
        const phone = '+14155550120'
        await optIn(25, phone)
        const event = orderEvent({ VenueId: 25, PhoneNumber: phone })
        const accepted = await inject({
          method: 'POST',
          url: '/api/dev/events',
          headers: { ...pub, 'x-correlation-id': 'corr-e2e-25' },
          payload: event,
        })
        expect(accepted.statusCode).toBe(202)
        expect(accepted.json()).toMatchObject({ correlationId: 'corr-e2e-25' })
        const row = await terminal(event.OrderId)
        expect(row).toMatchObject({
          status: 'sent',
          orderId: event.OrderId,
          venueId: 25,
          customerPhoneNumber: phone,
          encoding: 'GSM-7',
          provider: 'simulated',
          messageType: 'order_confirmation',
        })
        expect(String(row.message)).not.toContain('’')
        expect(row.venuePhoneNumberId).toEqual(expect.any(Number))
        expect(row.segments).toBeGreaterThanOrEqual(1)
        const outbox = (await inject({ url: '/api/dev/outbox', headers: pub })).json().items as Array<{ to: string; body: string }>
        const mine = outbox.filter((m) => m.to === phone)
        expect(mine).toHaveLength(1)
        expect(mine[0]?.body).toBe(row.message)
        const numbers = (await inject({ url: '/api/internal/venues/25/phone-numbers', headers: int })).json().items
        expect(numbers).toHaveLength(1)
        expect(numbers[0]).toMatchObject({ id: row.venuePhoneNumberId, status: 'active', provider: 'simulated' })
        await until(async () =>
          t.metricLines().some((l) => l.startsWith('sms.sent.total:1|c|') && l.includes('provider:simulated')) ? true : undefined,
        )
        expect(t.metricLines().some((l) => /^sms\.send\.duration:[\d.]+\|d\|/.test(l))).toBe(true)
        expect(t.metricLines().every((l) => l.includes('env:test'))).toBe(true)
      })

      it('records skipped sends and dead-letters a malformed event without a 5xx', async () => {
        const event = orderEvent({ VenueId: 26, PhoneNumber: '+14155550121' })
        await inject({ method: 'POST', url: '/api/dev/events', headers: pub, payload: event })
        expect((await terminal(event.OrderId)).status).toBe('skipped_no_consent')
        const poison = await inject({
          method: 'POST',
          url: '/api/dev/events',
          headers: pub,
          payload: { OrderId: 'not-a-uuid', VenueId: 'x' },
        })
        expect(poison.statusCode).toBe(202)
        const dead = await until(async () => {
          const items = (await inject({ url: '/api/dev/dead-letters', headers: pub })).json().items as Array<{
            messageId: string
            reason: string
          }>
          return items.find((d) => d.messageId === poison.json().messageId)
        })
        expect(dead.reason).toBe('InvalidEvent')
        const notJson = await t.app.inject({
          method: 'POST',
          url: '/api/dev/events',
          headers: { ...pub, 'content-type': 'application/json' },
          payload: '[1,2',
        })
        expect(notJson.statusCode).toBe(400)
      })

      it('applies delivery reports to the history row, 404 for an unknown message', async () => {
        const phone = '+14155550122'
        await optIn(27, phone)
        const event = orderEvent({ VenueId: 27, PhoneNumber: phone })
        await inject({ method: 'POST', url: '/api/dev/events', headers: pub, payload: event })
        const row = await terminal(event.OrderId)
        const report = {
          provider: 'simulated',
          providerMessageId: row.providerMessageId,
          status: 'delivered',
          errorCode: null,
          occurredAt: new Date().toISOString(),
        }
        const applied = await inject({ method: 'POST', url: '/api/internal/delivery-status', headers: int, payload: report })
        expect(applied.statusCode).toBe(200)
        expect(applied.json()).toMatchObject({ id: row.id, deliveryStatus: 'delivered' })
        const unknown = await inject({
          method: 'POST',
          url: '/api/internal/delivery-status',
          headers: int,
          payload: { ...report, providerMessageId: 'SIM-nope' },
        })
        expect(unknown.statusCode).toBe(404)
        expect(unknown.json().code).toBe('UNKNOWN_PROVIDER_MESSAGE')
        const bad = await inject({
          method: 'POST',
          url: '/api/internal/delivery-status',
          headers: int,
          payload: { ...report, status: 'teleported' },
        })
        expect(bad.statusCode).toBe(400)
        expect(bad.json().fields[0].field).toBe('status')
        // A provider clock running ahead is not a reason to lose the report.
        const ahead = new Date(Date.now() + 60 * 60_000).toISOString()
        const fast = await inject({
          method: 'POST',
          url: '/api/internal/delivery-status',
          headers: int,
          payload: { ...report, status: 'undelivered', errorCode: 'plivo:80', occurredAt: ahead },
        })
        expect(fast.statusCode).toBe(200)
        expect(fast.json()).toMatchObject({ deliveryStatus: 'undelivered' })
        expect(Date.parse(fast.json().deliveryUpdatedAt)).toBeLessThan(Date.parse(ahead))
      })

      it('records a carrier opt-out from the report addresses when the send is not recorded', async () => {
        const phone = '+14155550124'
        await optIn(61, phone)
        const event = orderEvent({ VenueId: 61, PhoneNumber: phone })
        await inject({ method: 'POST', url: '/api/dev/events', headers: pub, payload: event })
        const row = await terminal(event.OrderId)
        const numbers = await inject({ method: 'GET', url: '/api/internal/venues/61/phone-numbers', headers: int })
        const venueNumber = (numbers.json().items ?? numbers.json())[0].phoneNumber
        const report = {
          provider: 'simulated',
          providerMessageId: 'SIM-not-recorded',
          status: 'failed',
          errorCode: 'plivo:200',
          occurredAt: new Date().toISOString(),
          recipientOptedOut: true,
          from: venueNumber,
          to: phone,
        }
        const res = await inject({ method: 'POST', url: '/api/internal/delivery-status', headers: int, payload: report })
        // Done, not unknown: the function must not retry a report whose only news is already recorded.
        expect(res.statusCode).toBe(202)
        expect(res.json()).toEqual({ outcome: 'opt_out_recorded', venueId: 61 })
        const consent = await inject({ method: 'GET', url: `/api/consent/61/${encodeURIComponent(phone)}`, headers: pub })
        expect(consent.json()).toMatchObject({ status: 'opted_out', source: 'carrier_report' })
        expect(row.status).toBe('sent')
      })
    })

    describe('input the database cannot hold', () => {
      const MAX = 2_147_483_647
      const fieldsOf = (res: { json(): { fields?: Array<{ field: string }> } }) => (res.json().fields ?? []).map((f) => f.field)

      it.each([
        [99_999_999_999, 'venueId'],
        [MAX + 1, 'venueId'],
        [0, 'venueId'],
        [-4, 'venueId'],
        [1.5, 'venueId'],
      ])('internal update with venueId %s → 400 naming venueId', async (venueId, field) => {
        const res = await optIn(venueId, '+14155550160')
        expect(res.statusCode).toBe(400)
        expect(res.json().code).toBe('INVALID_REQUEST')
        expect(fieldsOf(res)).toEqual([field])
      })

      it('stores the largest venue id every database holds', async () => {
        const res = await optIn(MAX, '+14155550161')
        expect(res.statusCode).toBe(200)
        expect(res.json().consent).toMatchObject({ venueId: MAX, status: 'opted_in' })
        expect((await inject({ url: `/api/consent/${MAX}/+14155550161`, headers: pub })).statusCode).toBe(200)
        expect((await inject({ url: `/api/history?venueId=${MAX}`, headers: pub })).json()).toEqual({ items: [], nextCursor: null })
        expect((await inject({ url: `/api/internal/venues/${MAX}/phone-numbers`, headers: int })).json()).toEqual({ items: [] })
      })

      it.each([
        ['GET', `/api/consent/${MAX + 1}/+14155550100`, 'venueId', 'public'],
        ['GET', '/api/consent/99999999999/+14155550100/history', 'venueId', 'public'],
        ['GET', `/api/history?venueId=${MAX + 1}`, 'venueId', 'public'],
        ['GET', '/api/history?limit=99999999999999999999', 'limit', 'public'],
        ['GET', `/api/history?from=${encodeURIComponent('0000-01-01T00:00:00Z')}`, 'from', 'public'],
        ['GET', `/api/history?to=${encodeURIComponent('9999-12-31T23:00:00-05:00')}`, 'to', 'public'],
        ['GET', `/api/internal/venues/${MAX + 1}/phone-numbers`, 'venueId', 'internal'],
        ['POST', `/api/internal/venues/1/phone-numbers/${MAX + 1}/release`, 'id', 'internal'],
        ['POST', '/api/internal/venues/99999999999/phone-numbers/1/release', 'venueId', 'internal'],
      ] as const)('%s %s → 400 naming %s', async (method, url, field, kind) => {
        const res = await inject({ method, url, headers: kind === 'public' ? pub : int })
        expect(res.statusCode).toBe(400)
        expect(fieldsOf(res)).toContain(field)
      })

      it('rejects an oversized venue id on assign and a pre-2000 delivery time', async () => {
        const assign = await inject({
          method: 'POST',
          url: `/api/internal/venues/${MAX + 1}/phone-numbers`,
          headers: int,
          payload: { phoneNumber: '+12065550160', provider: 'simulated', providerId: 'SIMPN-160' },
        })
        expect(assign.statusCode).toBe(400)
        expect(fieldsOf(assign)).toContain('venueId')
        const report = {
          provider: 'simulated',
          providerMessageId: 'SIM-anything',
          status: 'delivered',
          errorCode: null,
          occurredAt: '0000-01-01T00:00:00Z',
        }
        const res = await inject({ method: 'POST', url: '/api/internal/delivery-status', headers: int, payload: report })
        expect(res.statusCode).toBe(400)
        expect(fieldsOf(res)).toEqual(['occurredAt'])
      })

      it('dead-letters an event whose VenueId no database holds, without a 5xx', async () => {
        const accepted = await inject({
          method: 'POST',
          url: '/api/dev/events',
          headers: pub,
          payload: orderEvent({ VenueId: 99_999_999_999 }),
        })
        expect(accepted.statusCode).toBe(202)
        const dead = await until(async () => {
          const items = (await inject({ url: '/api/dev/dead-letters', headers: pub })).json().items as Array<{
            messageId: string
            reason: string
          }>
          return items.find((d) => d.messageId === accepted.json().messageId)
        })
        expect(dead.reason).toBe('InvalidEvent')
      })
    })

    describe('occurredAt on the internal consent update', () => {
      it.each([
        [() => new Date(Date.now() + 10 * 60_000).toISOString(), /more than 5 minutes in the future/],
        [() => '2099-01-01T00:00:00Z', /more than 5 minutes in the future/],
        [() => '1999-12-31T23:59:59Z', /before 2000-01-01/],
        [() => '0001-01-01T00:00:00Z', /before 2000-01-01/],
      ])('rejects %s with 400 naming occurredAt', async (at, message) => {
        const res = await optIn(61, '+14155550162', { occurredAt: at() })
        expect(res.statusCode).toBe(400)
        expect(res.json().fields).toEqual([expect.objectContaining({ field: 'occurredAt', message: expect.stringMatching(message) })])
        expect((await inject({ url: '/api/consent/61/+14155550162', headers: pub })).statusCode).toBe(404)
      })

      it('accepts a time a little ahead (clock skew) and the start of 2000', async () => {
        expect((await optIn(62, '+14155550163', { occurredAt: new Date(Date.now() + 60_000).toISOString() })).statusCode).toBe(200)
        expect((await optIn(62, '+14155550164', { occurredAt: '2000-01-01T00:00:00Z' })).statusCode).toBe(200)
      })
    })

    describe('provider names', () => {
      it('normalises the case of a known provider and records it', async () => {
        const phone = '+14155550165'
        const res = await inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: int,
          payload: {
            venueId: 63,
            phoneNumber: phone,
            action: 'opt_out',
            source: 'sms_keyword',
            provider: 'Twilio',
            providerMessageId: 'SM-case-63',
          },
        })
        expect(res.statusCode).toBe(200)
        const log = (await inject({ url: `/api/consent/63/${phone}/history`, headers: pub })).json().items
        expect(log).toEqual([expect.objectContaining({ provider: 'twilio', providerMessageId: 'SM-case-63' })])
      })

      it.each(['carrier-pigeon', 'twilio2', '', 'PLIVO '.repeat(20)])(
        'internal update with provider %j → 400 naming provider',
        async (provider) => {
          const res = await optIn(64, '+14155550166', { provider })
          expect(res.statusCode).toBe(400)
          expect(fieldsOfResponse(res)).toEqual(['provider'])
        },
      )

      it('restricts delivery-status to known providers, case-insensitively', async () => {
        const phone = '+14155550167'
        await optIn(65, phone)
        const event = orderEvent({ VenueId: 65, PhoneNumber: phone })
        await inject({ method: 'POST', url: '/api/dev/events', headers: pub, payload: event })
        const row = await terminal(event.OrderId)
        const report = {
          provider: 'SIMULATED',
          providerMessageId: row.providerMessageId,
          status: 'delivered',
          errorCode: null,
          occurredAt: new Date().toISOString(),
        }
        const applied = await inject({ method: 'POST', url: '/api/internal/delivery-status', headers: int, payload: report })
        expect(applied.statusCode).toBe(200)
        expect(applied.json()).toMatchObject({ id: row.id, provider: 'simulated', deliveryStatus: 'delivered' })
        const unknown = await inject({
          method: 'POST',
          url: '/api/internal/delivery-status',
          headers: int,
          payload: { ...report, provider: 'sinch' },
        })
        expect(unknown.statusCode).toBe(400)
        expect(fieldsOfResponse(unknown)).toEqual(['provider'])
        expect(unknown.json().fields[0].message).toMatch(/plivo, simulated, twilio/)
      })
    })

    describe('W3C trace context', () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

      it('puts a valid traceparent and the correlation id on the request log lines and on the consent event', async () => {
        const phone = '+14155550168'
        const res = await inject({
          method: 'POST',
          url: '/api/internal/consent/update',
          headers: { ...int, traceparent, 'x-correlation-id': 'corr-trace-66' },
          payload: { venueId: 66, phoneNumber: phone, action: 'opt_out', source: 'support_request' },
        })
        expect(res.statusCode).toBe(200)
        const lines = t.logs.records().filter((r) => r.correlationId === 'corr-trace-66')
        expect(lines.length).toBeGreaterThan(0)
        expect(lines.find((r) => r.msg === 'request completed')).toMatchObject({ traceparent, statusCode: 200 })
        // The request's own line and the core's consent line, each once with the traceparent.
        expect(lines.map((r) => r.msg)).toEqual(expect.arrayContaining(['consent change', 'request completed']))
        expect(lines.every((r) => r.traceparent === traceparent)).toBe(true)
        expect(t.logs.lines.filter((l) => l.includes('corr-trace-66')).every((l) => l.split('"traceparent"').length === 2)).toBe(true)
        const publisher = t.runtime.transport.publisher as unknown as { published(): Array<Record<string, unknown>> }
        const published = await until(async () => publisher.published().find((e) => e.venueId === 66))
        expect(published).toMatchObject({ type: 'SmsUnsubscribe', correlationId: 'corr-trace-66', traceparent })
        const log = (await inject({ url: `/api/consent/66/${phone}/history`, headers: pub })).json().items
        expect(log[0]).toMatchObject({ correlationId: 'corr-trace-66' })
      })

      it.each([
        'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
        '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
        '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7',
        'not a trace',
      ])('ignores the invalid traceparent %j', async (bad) => {
        const id = `corr-badtrace-${bad.length}-${bad.slice(0, 2).replace(/\W/g, '')}`
        const res = await inject({ url: '/api/consent/67/+14155550169', headers: { ...pub, traceparent: bad, 'x-correlation-id': id } })
        expect(res.statusCode).toBe(404)
        const line = t.logs.records().find((r) => r.correlationId === id && r.msg === 'request completed')
        expect(line).toBeDefined()
        expect(line).not.toHaveProperty('traceparent')
      })
    })

    describe('history', () => {
      it('pages newest first with a cursor, without overlap, and filters', async () => {
        const venueId = 28
        const orders: string[] = []
        for (let i = 0; i < 5; i++) {
          const e = orderEvent({ VenueId: venueId, PhoneNumber: `+1415555013${i}` })
          orders.push(e.OrderId)
          await inject({ method: 'POST', url: '/api/dev/events', headers: pub, payload: e })
          await terminal(e.OrderId)
        }
        const seen: string[] = []
        let cursor: string | null = null
        do {
          const page: { items: Array<{ id: string; orderId: string; createdAt: string }>; nextCursor: string | null } = (
            await inject({
              url: `/api/history?venueId=${venueId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
              headers: pub,
            })
          ).json()
          expect(page.items.length).toBeLessThanOrEqual(2)
          seen.push(...page.items.map((i) => i.orderId))
          cursor = page.nextCursor
        } while (cursor)
        expect(seen).toEqual([...orders].reverse())
        const byPhone = (await inject({ url: `/api/history?phone=${encodeURIComponent('+14155550132')}`, headers: pub })).json().items
        expect(byPhone.map((i: { orderId: string }) => i.orderId)).toEqual([orders[2]])
        const byStatus = (await inject({ url: `/api/history?venueId=${venueId}&status=skipped_no_consent`, headers: pub })).json().items
        expect(byStatus).toHaveLength(5)
        expect((await inject({ url: `/api/history?venueId=${venueId}&status=sent`, headers: pub })).json().items).toHaveLength(0)
        const future = (
          await inject({
            url: `/api/history?venueId=${venueId}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
            headers: pub,
          })
        ).json().items
        expect(future).toHaveLength(0)
      })

      it.each([
        ['limit=201', 'limit'],
        ['limit=0', 'limit'],
        ['limit=ten', 'limit'],
        ['status=delivered_maybe', 'status'],
        ['orderId=not-a-uuid', 'orderId'],
        ['venueId=-1', 'venueId'],
        ['phone=12345', 'phone'],
        ['from=yesterday', 'from'],
        ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
        ['cursor=%25%25%25garbage', 'cursor'],
        ['cursor=eyJub3QiOiJhIGN1cnNvciJ9', 'cursor'],
      ])('?%s → 400 naming %s', async (query, field) => {
        const res = await inject({ url: `/api/history?${query}`, headers: pub })
        expect(res.statusCode).toBe(400)
        expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field)
      })
    })

    describe('venue phone numbers', () => {
      it('lists, assigns, refuses a second active number, releases', async () => {
        const base = '/api/internal/venues/29/phone-numbers'
        expect((await inject({ url: base, headers: int })).json()).toEqual({ items: [] })
        const first = await inject({
          method: 'POST',
          url: base,
          headers: int,
          payload: { phoneNumber: '+12065550170', provider: 'simulated', providerId: 'SIMPN-170' },
        })
        expect(first.statusCode).toBe(201)
        expect(first.json()).toMatchObject({ venueId: 29, phoneNumber: '+12065550170', status: 'active' })
        expect(first.json()).not.toHaveProperty('releasedAt')
        const second = await inject({
          method: 'POST',
          url: base,
          headers: int,
          payload: { phoneNumber: '+12065550171', provider: 'simulated', providerId: 'SIMPN-171' },
        })
        expect(second.statusCode).toBe(409)
        expect(second.json().code).toBe('VENUE_ALREADY_HAS_NUMBER')
        const taken = await inject({
          method: 'POST',
          url: '/api/internal/venues/30/phone-numbers',
          headers: int,
          payload: { phoneNumber: '+12065550170', provider: 'twilio', providerId: 'PN170' },
        })
        expect(taken.statusCode).toBe(409)
        expect(taken.json().code).toBe('NUMBER_IN_USE')
        const id = first.json().id as number
        const released = await inject({ method: 'POST', url: `${base}/${id}/release`, headers: int })
        expect(released.statusCode).toBe(200)
        expect(released.json()).toMatchObject({ id, status: 'released', releasedAt: expect.any(String) })
        expect((await inject({ method: 'POST', url: `${base}/${id}/release`, headers: int })).statusCode).toBe(404)
        expect((await inject({ url: base, headers: int })).json().items).toHaveLength(1)
      })

      it.each([
        [{ phoneNumber: 'abc', provider: 'simulated', providerId: 'x' }, 'phoneNumber'],
        [{ phoneNumber: '+12065550172', provider: 'carrier-pigeon', providerId: 'x' }, 'provider'],
        [{ phoneNumber: '+12065550172', provider: 'simulated' }, 'providerId'],
      ])('assign %j → 400 naming %s', async (payload, field) => {
        const res = await inject({ method: 'POST', url: '/api/internal/venues/31/phone-numbers', headers: int, payload })
        expect(res.statusCode).toBe(400)
        expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field)
      })

      it('rejects bad path ids with 400', async () => {
        expect((await inject({ url: '/api/internal/venues/x/phone-numbers', headers: int })).statusCode).toBe(400)
        expect((await inject({ method: 'POST', url: '/api/internal/venues/31/phone-numbers/abc/release', headers: int })).statusCode).toBe(
          400,
        )
      })
    })

    describe('documents, errors and logs', () => {
      it('serves the OpenAPI document with every route', async () => {
        const doc = (await inject({ url: '/docs/json' })).json()
        expect(doc.openapi).toMatch(/^3\./)
        for (const path of [
          '/api/consent/{venueId}/{phone}',
          '/api/history',
          '/api/internal/consent/update',
          '/api/internal/delivery-status',
          '/api/internal/venues/{venueId}/phone-numbers',
          '/api/internal/venues/{venueId}/phone-numbers/{id}/release',
          '/healthz/ready',
          '/api/dev/events',
        ]) {
          expect(Object.keys(doc.paths)).toContain(path)
        }
        const deliveryResponses = doc.paths['/api/internal/delivery-status'].post.responses
        expect(Object.keys(deliveryResponses)).toEqual(expect.arrayContaining(['200', '202', '404']))
        expect(deliveryResponses['202'].content['application/json'].schema).toMatchObject({
          properties: { outcome: { enum: ['opt_out_recorded'] }, venueId: { type: 'integer' } },
        })
        expect(doc.paths['/api/history'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
          expect.arrayContaining(['venueId', 'phone', 'orderId', 'status', 'from', 'to', 'limit', 'cursor']),
        )
      })

      it('answers unknown routes with a coded 404 and echoes the correlation id', async () => {
        const res = await inject({ url: '/api/nothing-here', headers: { 'x-correlation-id': 'corr-404' } })
        expect(res.statusCode).toBe(404)
        expect(res.json()).toMatchObject({ code: 'NOT_FOUND', correlationId: 'corr-404' })
        expect(res.headers['x-correlation-id']).toBe('corr-404')
      })

      it('serves the same API on a real listening socket (raw + in the path)', async () => {
        const server = await setup()
        try {
          await server.app.listen({ port: 0, host: '127.0.0.1' })
          const { port } = server.app.server.address() as AddressInfo
          await fetch(`http://127.0.0.1:${port}/api/internal/consent/update`, {
            method: 'POST',
            headers: { ...int, 'content-type': 'application/json' },
            body: JSON.stringify({ venueId: 32, phoneNumber: '+14155550140', action: 'opt_in', source: 'checkout' }),
          })
          const res = await fetch(`http://127.0.0.1:${port}/api/consent/32/+14155550140`, { headers: pub })
          expect(res.status).toBe(200)
          expect(((await res.json()) as { status: string }).status).toBe('opted_in')
          const noAuth = await fetch(`http://127.0.0.1:${port}/api/consent/32/+14155550140`)
          expect(noAuth.status).toBe(401)
          const malformed = await fetch(`http://127.0.0.1:${port}/api/internal/consent/update`, {
            method: 'POST',
            headers: { ...int, 'content-type': 'application/json' },
            body: '{"a":',
          })
          expect(malformed.status).toBe(400)
          // Over a socket the body arrives in later events; the trace context must still reach the core's lines.
          const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
          const traced = await fetch(`http://127.0.0.1:${port}/api/internal/consent/update`, {
            method: 'POST',
            headers: { ...int, 'content-type': 'application/json', traceparent, 'x-correlation-id': 'corr-socket-trace' },
            body: JSON.stringify({ venueId: 32, phoneNumber: '+14155550141', action: 'opt_out', source: 'support_request' }),
          })
          expect(traced.status).toBe(200)
          const lines = server.logs.records().filter((r) => r.correlationId === 'corr-socket-trace')
          expect(lines.map((r) => [r.msg, r.traceparent])).toEqual(
            expect.arrayContaining([
              ['consent change', traceparent],
              ['request completed', traceparent],
            ]),
          )
        } finally {
          await server.close()
        }
      })

      it('logs one line per request with its correlation id, and no full phone number anywhere', async () => {
        await inject({ url: '/api/consent/7/+14155550199', headers: { ...pub, 'x-correlation-id': 'corr-log-1' } })
        const records = t.logs.records()
        const line = records.find((r) => r.correlationId === 'corr-log-1' && r.msg === 'request completed')
        expect(line).toMatchObject({ url: '/api/consent/7/+1********99', statusCode: 404 })
        expect(records.some((r) => r.msg === 'incoming request')).toBe(false)
        const text = t.logs.text()
        expect(text).not.toMatch(/41555501\d\d/)
        expect(text).not.toContain(PUBLIC_TOKEN)
        expect(text).not.toContain(INTERNAL_TOKEN)
        const handled = records.filter((r) => r.correlationId === 'corr-e2e-25')
        expect(handled.length).toBeGreaterThan(1)
      })
    })
  })
}
