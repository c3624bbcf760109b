import { expect, it } from 'vitest'
import { describeContract } from './describe-contract.js'
import type { PersistenceContractOptions } from './fixtures.js'

const PHONE = '+14155550100'

/** Contract of `ConsentEventOutbox`: entries come from consent changes and are leased, published, retried. */
export function describeConsentEventOutboxContract(options: PersistenceContractOptions): void {
  describeContract('ConsentEventOutbox', options, (ctx) => {
    const optOut = (venueId = 7, minute = 0) =>
      ctx.f.consents.applyChange({
        venueId,
        phoneNumber: PHONE,
        action: 'opt_out',
        source: 'sms_keyword',
        occurredAt: new Date(Date.UTC(2026, 0, 15, 10, minute)),
      })

    it('leases the event written with a consent change, with a deterministic id and its payload', async () => {
      await optOut()
      expect(await ctx.f.outbox.pendingCount()).toBe(1)
      const [entry] = await ctx.f.outbox.lease(10, 30_000)
      expect(entry?.attempts).toBe(1)
      expect(entry?.event).toMatchObject({
        type: 'SmsUnsubscribe',
        venueId: 7,
        phoneNumber: PHONE,
        source: 'sms_keyword',
        occurredAt: '2026-01-15T10:00:00.000Z',
      })
      expect(entry?.event.eventId).toMatch(/^[0-9a-f]{32}$/)
    })

    it('carries the correlation id and trace context of the change on its event', async () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
      await ctx.f.consents.applyChange({
        venueId: 7,
        phoneNumber: PHONE,
        action: 'opt_out',
        source: 'sms_keyword',
        occurredAt: new Date(Date.UTC(2026, 0, 15, 10, 0)),
        evidence: { provider: 'twilio', providerMessageId: 'SMtrace', correlationId: 'corr-9', traceparent },
      })
      const [entry] = await ctx.f.outbox.lease(10, 30_000)
      expect(entry?.event).toMatchObject({ correlationId: 'corr-9', traceparent })
    })

    it('does not hand a leased entry out again until its lease runs out', async () => {
      await optOut()
      expect((await ctx.f.outbox.lease(10, 30_000)).length).toBe(1)
      expect((await ctx.f.outbox.lease(10, 30_000)).length).toBe(0)
      ctx.clock.advance(30_001)
      const again = await ctx.f.outbox.lease(10, 30_000)
      expect(again.length).toBe(1)
      expect(again[0]?.attempts).toBe(2)
    })

    it('marks published entries so they are never leased again', async () => {
      await optOut()
      const [entry] = await ctx.f.outbox.lease(10, 30_000)
      await ctx.f.outbox.markPublished(entry!.id)
      ctx.clock.advance(60_000)
      expect(await ctx.f.outbox.lease(10, 30_000)).toEqual([])
      expect(await ctx.f.outbox.pendingCount()).toBe(0)
      expect((await ctx.f.backdoor.outboxRows())[0]?.published).toBe(true)
    })

    it('a failed entry comes back only after its next attempt time', async () => {
      await optOut()
      const [entry] = await ctx.f.outbox.lease(10, 30_000)
      await ctx.f.outbox.markFailed(entry!.id, new Date(ctx.clock.now().getTime() + 5_000), 'servicebus:ServiceBusy')
      expect(await ctx.f.outbox.lease(10, 30_000)).toEqual([])
      ctx.clock.advance(5_001)
      expect((await ctx.f.outbox.lease(10, 30_000)).map((e) => e.id)).toEqual([entry!.id])
    })

    it('ignores marks for entries it does not hold', async () => {
      await expect(ctx.f.outbox.markPublished('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined()
      await expect(ctx.f.outbox.markFailed('00000000-0000-4000-8000-000000000000', ctx.clock.now(), 'x')).resolves.toBeUndefined()
      expect(await ctx.f.outbox.pendingCount()).toBe(0)
    })

    it('leases oldest first and respects the limit', async () => {
      await optOut(1, 0)
      ctx.clock.advance(1)
      await optOut(2, 1)
      ctx.clock.advance(1)
      await optOut(3, 2)
      const first = await ctx.f.outbox.lease(2, 30_000)
      expect(first.map((e) => e.event.venueId)).toEqual([1, 2])
      expect((await ctx.f.outbox.lease(2, 30_000)).map((e) => e.event.venueId)).toEqual([3])
    })

    it("hands out a phone's changes in order: a newer one waits while an older one is unpublished", async () => {
      await optOut(7, 0)
      ctx.clock.advance(1)
      await ctx.f.consents.applyChange({
        venueId: 7,
        phoneNumber: PHONE,
        action: 'opt_in',
        source: 'sms_keyword',
        occurredAt: new Date(Date.UTC(2026, 0, 15, 10, 5)),
      })
      ctx.clock.advance(1)
      await optOut(8, 0)
      const first = await ctx.f.outbox.lease(10, 30_000)
      expect(first.map((e) => [e.event.venueId, e.event.type])).toEqual([
        [7, 'SmsUnsubscribe'],
        [8, 'SmsUnsubscribe'],
      ])
      await ctx.f.outbox.markFailed(first[0]!.id, new Date(ctx.clock.now().getTime() + 5_000), 'servicebus:ServiceBusy')
      expect(await ctx.f.outbox.lease(10, 30_000)).toEqual([])
      ctx.clock.advance(5_001)
      const retried = await ctx.f.outbox.lease(10, 30_000)
      expect(retried.map((e) => e.event.type)).toEqual(['SmsUnsubscribe'])
      await ctx.f.outbox.markPublished(retried[0]!.id)
      expect((await ctx.f.outbox.lease(10, 30_000)).map((e) => e.event.type)).toEqual(['SmsResubscribe'])
    })

    it('never leases one entry to two concurrent relays', async () => {
      for (let v = 1; v <= 5; v++) await optOut(v)
      const conns = await Promise.all([0, 1, 2].map(() => ctx.f.connect()))
      try {
        const batches = await Promise.all(conns.map((c) => c.outbox.lease(5, 30_000)))
        const ids = batches.flat().map((e) => e.id)
        expect(ids.length).toBe(5)
        expect(new Set(ids).size).toBe(5)
      } finally {
        await Promise.all(conns.map((c) => c.close()))
      }
    })
  })
}
