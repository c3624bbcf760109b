import { expect, it } from 'vitest'
import type { ConsentChange } from '../src/consent/consent-types.js'
import { describeContract } from './describe-contract.js'
import type { PersistenceContractOptions } from './fixtures.js'

const PHONE = '+14155550100'
const at = (iso: string) => new Date(iso)
const change = (over: Partial<ConsentChange> = {}): ConsentChange => ({
  venueId: 7,
  phoneNumber: PHONE,
  action: 'opt_in',
  source: 'checkout',
  occurredAt: at('2026-01-15T10:00:00.000Z'),
  ...over,
})

/** Contract of `ConsentRepository` (and the outbox rows it writes). */
export function describeConsentRepositoryContract(options: PersistenceContractOptions): void {
  describeContract('ConsentRepository', options, (ctx) => {
    it('returns null for an unknown venue and phone', async () => {
      expect(await ctx.f.consents.get(7, PHONE)).toBeNull()
    })

    it('creates a record on the first opt-in, with its source and times, and stores it', async () => {
      const r = await ctx.f.consents.applyChange(change())
      expect(r.kind).toBe('applied')
      if (r.kind !== 'applied') return
      expect(r.statusChanged).toBe(true)
      expect(r.record).toMatchObject({ venueId: 7, phoneNumber: PHONE, status: 'opted_in', source: 'checkout' })
      expect(r.record.initialConsentAt?.toISOString()).toBe('2026-01-15T10:00:00.000Z')
      const row = await ctx.f.backdoor.consentRow(7, PHONE)
      expect(row).toMatchObject({ status: 'opted_in', source: 'checkout' })
      expect(row?.optedInAt?.toISOString()).toBe('2026-01-15T10:00:00.000Z')
      expect(row?.optedOutAt).toBeNull()
      const read = await ctx.f.consents.get(7, PHONE)
      expect(read?.status).toBe('opted_in')
      expect(read?.optedInAt?.toISOString()).toBe('2026-01-15T10:00:00.000Z')
    })

    it('keeps consent per venue', async () => {
      await ctx.f.consents.applyChange(change({ action: 'opt_out', source: 'sms_keyword' }))
      expect((await ctx.f.consents.get(7, PHONE))?.status).toBe('opted_out')
      expect(await ctx.f.consents.get(8, PHONE)).toBeNull()
      expect(await ctx.f.backdoor.consentRow(8, PHONE)).toBeNull()
    })

    it('applies a newer opt-out over an opt-in and enqueues SmsUnsubscribe', async () => {
      await ctx.f.consents.applyChange(change())
      const r = await ctx.f.consents.applyChange(
        change({
          action: 'opt_out',
          source: 'sms_keyword',
          occurredAt: at('2026-01-15T11:00:00Z'),
          evidence: { provider: 'twilio', providerMessageId: 'SM1' },
        }),
      )
      expect(r).toMatchObject({ kind: 'applied', statusChanged: true, previousStatus: 'opted_in' })
      const row = await ctx.f.backdoor.consentRow(7, PHONE)
      expect(row?.status).toBe('opted_out')
      expect(row?.source).toBe('sms_keyword')
      expect(row?.optedOutAt?.toISOString()).toBe('2026-01-15T11:00:00.000Z')
      expect(row?.initialConsentAt?.toISOString()).toBe('2026-01-15T10:00:00.000Z')
      const outbox = await ctx.f.backdoor.outboxRows()
      expect(outbox.map((o) => o.type)).toEqual(['SmsResubscribe', 'SmsUnsubscribe'])
      expect(outbox[1]).toMatchObject({ venueId: 7, phoneNumber: PHONE, published: false })
    })

    it('last writer wins by occurredAt: an older opt-in arriving late is logged as superseded, not applied', async () => {
      await ctx.f.consents.applyChange(change({ action: 'opt_out', source: 'support_request', occurredAt: at('2026-01-15T12:00:00Z') }))
      const late = await ctx.f.consents.applyChange(
        change({ action: 'opt_in', source: 'account_settings', occurredAt: at('2026-01-15T11:00:00Z') }),
      )
      expect(late.kind).toBe('superseded')
      expect((await ctx.f.backdoor.consentRow(7, PHONE))?.status).toBe('opted_out')
      const log = await ctx.f.backdoor.consentLog(7, PHONE)
      expect(log.map((l) => [l.action, l.disposition])).toEqual([
        ['opt_out', 'applied'],
        ['opt_in', 'superseded'],
      ])
      expect((await ctx.f.backdoor.outboxRows()).length).toBe(1)
    })

    it('a future-dated opt-in counts as now, so a later STOP still wins', async () => {
      const r = await ctx.f.consents.applyChange(change({ occurredAt: at('2099-01-01T00:00:00Z') }))
      expect(r.kind).toBe('applied')
      expect((await ctx.f.backdoor.consentRow(7, PHONE))?.optedInAt?.toISOString()).toBe(ctx.clock.now().toISOString())
      expect((await ctx.f.consents.history(7, PHONE))[0]?.occurredAt.toISOString()).toBe(ctx.clock.now().toISOString())
      const [entry] = await ctx.f.outbox.lease(10, 30_000)
      expect(entry?.event.occurredAt).toBe(ctx.clock.now().toISOString())
      ctx.clock.advance(60_000)
      const stop = await ctx.f.consents.applyChange(change({ action: 'opt_out', source: 'sms_keyword', occurredAt: ctx.clock.now() }))
      expect(stop.kind).toBe('applied')
      expect((await ctx.f.backdoor.consentRow(7, PHONE))?.status).toBe('opted_out')
    })

    it('an opt-out wins a tie with an opt-in at the same instant', async () => {
      await ctx.f.consents.applyChange(change())
      const r = await ctx.f.consents.applyChange(change({ action: 'opt_out', source: 'sms_keyword' }))
      expect(r.kind).toBe('applied')
      expect((await ctx.f.consents.get(7, PHONE))?.status).toBe('opted_out')
    })

    it('records an opt-out for a phone with no consent yet (it must block later sends)', async () => {
      const r = await ctx.f.consents.applyChange(change({ action: 'opt_out', source: 'sms_keyword' }))
      expect(r.kind).toBe('applied')
      const row = await ctx.f.backdoor.consentRow(7, PHONE)
      expect(row).toMatchObject({ status: 'opted_out', initialConsentAt: null })
    })

    it('onlyIfAbsent creates checkout consent once and never overrides an existing decision', async () => {
      const first = await ctx.f.consents.applyChange(change({ onlyIfAbsent: true }))
      expect(first.kind).toBe('applied')
      await ctx.f.consents.applyChange(change({ action: 'opt_out', source: 'sms_keyword', occurredAt: at('2026-01-15T11:00:00Z') }))
      const again = await ctx.f.consents.applyChange(change({ onlyIfAbsent: true, occurredAt: at('2026-01-15T13:00:00Z') }))
      expect(again.kind).toBe('unchanged')
      expect((await ctx.f.backdoor.consentRow(7, PHONE))?.status).toBe('opted_out')
    })

    it('treats a repeated provider message id as a duplicate and writes nothing', async () => {
      const stop = change({ action: 'opt_out', source: 'sms_keyword', evidence: { provider: 'twilio', providerMessageId: 'SM123' } })
      expect((await ctx.f.consents.applyChange(stop)).kind).toBe('applied')
      const again = await ctx.f.consents.applyChange({ ...stop, occurredAt: at('2026-01-15T10:00:05Z') })
      expect(again.kind).toBe('duplicate')
      expect((await ctx.f.backdoor.consentLog(7, PHONE)).length).toBe(1)
      expect((await ctx.f.backdoor.outboxRows()).length).toBe(1)
    })

    it('keeps every change in the log with its evidence, oldest first', async () => {
      await ctx.f.consents.applyChange(change())
      await ctx.f.consents.applyChange(
        change({
          action: 'opt_out',
          source: 'sms_keyword',
          occurredAt: at('2026-01-15T11:00:00Z'),
          evidence: { provider: 'plivo', providerMessageId: 'uuid-1' },
        }),
      )
      await ctx.f.consents.applyChange(
        change({
          action: 'opt_in',
          source: 'sms_keyword',
          occurredAt: at('2026-01-15T12:00:00Z'),
          evidence: { provider: 'plivo', providerMessageId: 'uuid-2' },
        }),
      )
      const entries = await ctx.f.consents.history(7, PHONE)
      expect(entries.map((e) => e.action)).toEqual(['opt_in', 'opt_out', 'opt_in'])
      expect(entries[1]?.evidence.providerMessageId).toBe('uuid-1')
      expect(entries[1]?.occurredAt.toISOString()).toBe('2026-01-15T11:00:00.000Z')
      expect((await ctx.f.backdoor.consentLog(7, PHONE)).map((l) => l.providerMessageId)).toEqual([null, 'uuid-1', 'uuid-2'])
    })

    it('does not enqueue an event when the status does not change', async () => {
      await ctx.f.consents.applyChange(change())
      const r = await ctx.f.consents.applyChange(change({ source: 'account_settings', occurredAt: at('2026-01-15T11:00:00Z') }))
      expect(r).toMatchObject({ kind: 'applied', statusChanged: false })
      expect((await ctx.f.backdoor.outboxRows()).length).toBe(1)
    })

    it('serializes concurrent changes for one key: the newest decision wins whatever the arrival order', async () => {
      const conns = await Promise.all([0, 1, 2, 3].map(() => ctx.f.connect()))
      try {
        const changes = Array.from({ length: 12 }, (_, i) =>
          change({
            action: i % 2 === 0 ? 'opt_in' : 'opt_out',
            source: 'support_request',
            occurredAt: new Date(Date.parse('2026-01-15T10:00:00Z') + ((i * 7) % 12) * 1000),
          }),
        )
        await Promise.all(changes.map((c, i) => conns[i % conns.length]!.consents.applyChange(c)))
        const newest = changes.reduce((a, b) => (b.occurredAt > a.occurredAt ? b : a))
        const row = await ctx.f.backdoor.consentRow(7, PHONE)
        expect(row?.status).toBe(newest.action === 'opt_in' ? 'opted_in' : 'opted_out')
        expect((await ctx.f.backdoor.consentLog(7, PHONE)).length).toBe(12)
      } finally {
        await Promise.all(conns.map((c) => c.close()))
      }
    })
  })
}
