import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PersistenceContractOptions, PersistenceFixture } from './fixtures.js'
import { ManualClock } from './manual-clock.js'

const PHONE = '+14155550100'

/** Contract of `ConsentEventOutbox`: entries come from consent changes and are leased, published, retried. */
export function describeConsentEventOutboxContract(options: PersistenceContractOptions): void {
  const title = `ConsentEventOutbox contract: ${options.name}`
  if (options.skipReason) {
    describe.skip(`${title} (skipped: ${options.skipReason})`, () => it('skipped', () => {}))
    return
  }
  describe(title, () => {
    let f: PersistenceFixture
    let clock: ManualClock
    beforeEach(async () => {
      clock = new ManualClock()
      f = await options.setup({ clock })
    })
    afterEach(async () => {
      await f?.close()
    })
    const optOut = (venueId = 7, minute = 0) =>
      f.consents.applyChange({ venueId, phoneNumber: PHONE, action: 'opt_out', source: 'sms_keyword', occurredAt: new Date(Date.UTC(2026, 0, 15, 10, minute)) })

    it('leases the event written with a consent change, with a deterministic id and its payload', async () => {
      await optOut()
      expect(await f.outbox.pendingCount()).toBe(1)
      const [entry] = await f.outbox.lease(10, 30_000)
      expect(entry?.attempts).toBe(1)
      expect(entry?.event).toMatchObject({ type: 'SmsUnsubscribe', venueId: 7, phoneNumber: PHONE, source: 'sms_keyword', occurredAt: '2026-01-15T10:00:00.000Z' })
      expect(entry?.event.eventId).toMatch(/^[0-9a-f]{32}$/)
    })

    it('does not hand a leased entry out again until its lease runs out', async () => {
      await optOut()
      expect((await f.outbox.lease(10, 30_000)).length).toBe(1)
      expect((await f.outbox.lease(10, 30_000)).length).toBe(0)
      clock.advance(30_001)
      const again = await f.outbox.lease(10, 30_000)
      expect(again.length).toBe(1)
      expect(again[0]?.attempts).toBe(2)
    })

    it('marks published entries so they are never leased again', async () => {
      await optOut()
      const [entry] = await f.outbox.lease(10, 30_000)
      await f.outbox.markPublished(entry!.id)
      clock.advance(60_000)
      expect(await f.outbox.lease(10, 30_000)).toEqual([])
      expect(await f.outbox.pendingCount()).toBe(0)
      expect((await f.backdoor.outboxRows())[0]?.published).toBe(true)
    })

    it('a failed entry comes back only after its next attempt time', async () => {
      await optOut()
      const [entry] = await f.outbox.lease(10, 30_000)
      await f.outbox.markFailed(entry!.id, new Date(clock.now().getTime() + 5_000), 'servicebus:ServiceBusy')
      expect(await f.outbox.lease(10, 30_000)).toEqual([])
      clock.advance(5_001)
      expect((await f.outbox.lease(10, 30_000)).map((e) => e.id)).toEqual([entry!.id])
    })

    it('leases oldest first and respects the limit', async () => {
      await optOut(1, 0)
      clock.advance(1)
      await optOut(2, 1)
      clock.advance(1)
      await optOut(3, 2)
      const first = await f.outbox.lease(2, 30_000)
      expect(first.map((e) => e.event.venueId)).toEqual([1, 2])
      expect((await f.outbox.lease(2, 30_000)).map((e) => e.event.venueId)).toEqual([3])
    })

    it('never leases one entry to two concurrent relays', async () => {
      for (let v = 1; v <= 5; v++) await optOut(v)
      const conns = await Promise.all([0, 1, 2].map(() => f.connect()))
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
