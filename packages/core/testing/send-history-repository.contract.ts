import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { InvalidCursorError, type SendClaimRequest } from '../src/ports/send-history-repository.js'
import { describeContract } from './describe-contract.js'
import type { PersistenceContractOptions } from './fixtures.js'

const PHONE = '+14155550100'

/** Contract of `SendHistoryRepository`: the idempotency claim, completion, queries and delivery reports. */
export function describeSendHistoryRepositoryContract(options: PersistenceContractOptions): void {
  describeContract('SendHistoryRepository', options, (ctx) => {
    const request = (over: Partial<SendClaimRequest> = {}): SendClaimRequest => ({
      orderId: randomUUID(),
      messageType: 'order_confirmation',
      venueId: 7,
      customerId: randomUUID(),
      customerPhoneNumber: PHONE,
      correlationId: 'corr-1',
      leaseMs: 60_000,
      ...over,
    })
    async function sent(over: Partial<SendClaimRequest> = {}, providerMessageId = `SM${randomUUID().replace(/-/g, '')}`) {
      const claim = await ctx.f.history.claim(request(over))
      if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`)
      return ctx.f.history.complete(claim.historyId, {
        status: 'sent',
        venuePhoneNumberId: null,
        message: 'Hello',
        provider: 'twilio',
        providerMessageId,
        segments: 1,
        encoding: 'GSM-7',
      })
    }

    it('claims a new (order, message type) once, storing a pending row', async () => {
      const req = request()
      const claim = await ctx.f.history.claim(req)
      expect(claim).toMatchObject({ kind: 'claimed', attempts: 1, takenOver: false })
      const rows = await ctx.f.backdoor.historyRows(req.orderId)
      expect(rows).toEqual([expect.objectContaining({ status: 'pending', messageType: 'order_confirmation', attempts: 1 })])
      const second = await ctx.f.history.claim(req)
      expect(second.kind).toBe('in-progress')
    })

    it('the same order with another message type is a separate claim', async () => {
      const req = request()
      expect((await ctx.f.history.claim(req)).kind).toBe('claimed')
      expect((await ctx.f.history.claim({ ...req, messageType: 'event_reminder' })).kind).toBe('claimed')
      expect((await ctx.f.backdoor.historyRows(req.orderId)).length).toBe(2)
    })

    it('a completed claim answers done with the stored record', async () => {
      const req = request()
      const claim = await ctx.f.history.claim(req)
      if (claim.kind !== 'claimed') throw new Error('no claim')
      const record = await ctx.f.history.complete(claim.historyId, {
        status: 'sent',
        venuePhoneNumberId: null,
        message: 'Your order is confirmed',
        provider: 'plivo',
        providerMessageId: 'uuid-123',
        segments: 1,
        encoding: 'GSM-7',
      })
      expect(record).toMatchObject({
        status: 'sent',
        provider: 'plivo',
        providerMessageId: 'uuid-123',
        segments: 1,
        encoding: 'GSM-7',
        message: 'Your order is confirmed',
      })
      const again = await ctx.f.history.claim(req)
      expect(again.kind).toBe('done')
      if (again.kind === 'done') expect(again.record.status).toBe('sent')
      expect((await ctx.f.backdoor.historyRows(req.orderId))[0]?.status).toBe('sent')
    })

    it('takes over a pending claim whose lease ran out (its worker died)', async () => {
      const req = request({ leaseMs: 10_000 })
      expect((await ctx.f.history.claim(req)).kind).toBe('claimed')
      ctx.clock.advance(9_000)
      expect((await ctx.f.history.claim(req)).kind).toBe('in-progress')
      ctx.clock.advance(1_001)
      const taken = await ctx.f.history.claim(req)
      expect(taken).toMatchObject({ kind: 'claimed', attempts: 2, takenOver: true })
    })

    it('fences a worker whose claim was taken over: its late outcome and release change nothing', async () => {
      const req = request({ leaseMs: 10_000 })
      const old = await ctx.f.history.claim(req)
      if (old.kind !== 'claimed') throw new Error('no claim')
      ctx.clock.advance(10_001)
      const taken = await ctx.f.history.claim(req)
      if (taken.kind !== 'claimed') throw new Error('no takeover')
      await ctx.f.history.release(old.historyId, 'http:503', old.attempts)
      expect((await ctx.f.history.claim(req)).kind).toBe('in-progress')
      const late = await ctx.f.history.complete(old.historyId, { status: 'failed', errorCode: 'late', claimAttempts: old.attempts })
      expect(late).toMatchObject({ status: 'pending', attempts: 2, errorCode: null })
      const done = await ctx.f.history.complete(taken.historyId, {
        status: 'sent',
        provider: 'twilio',
        providerMessageId: 'SMnew',
        claimAttempts: taken.attempts,
      })
      expect(done).toMatchObject({ status: 'sent', providerMessageId: 'SMnew' })
    })

    it('a released claim can be taken at once by the retry, counting attempts', async () => {
      const req = request()
      const claim = await ctx.f.history.claim(req)
      if (claim.kind !== 'claimed') throw new Error('no claim')
      await ctx.f.history.release(claim.historyId, 'http:503')
      const retry = await ctx.f.history.claim(req)
      expect(retry).toMatchObject({ kind: 'claimed', attempts: 2 })
      const rows = await ctx.f.backdoor.historyRows(req.orderId)
      expect(rows[0]).toMatchObject({ status: 'pending', attempts: 2 })
    })

    it('a dead-lettered failure can be claimed again by a replay; a plain failure cannot', async () => {
      const a = request()
      const ca = await ctx.f.history.claim(a)
      if (ca.kind !== 'claimed') throw new Error('no claim')
      await ctx.f.history.complete(ca.historyId, { status: 'failed', errorCode: 'http:503', provider: 'twilio', deadLettered: true })
      expect((await ctx.f.history.claim(a)).kind).toBe('claimed')
      const b = request()
      const cb = await ctx.f.history.claim(b)
      if (cb.kind !== 'claimed') throw new Error('no claim')
      await ctx.f.history.complete(cb.historyId, { status: 'failed', errorCode: 'twilio:21211', provider: 'twilio' })
      expect((await ctx.f.history.claim(b)).kind).toBe('done')
    })

    it('gives exactly one of many concurrent claims to one caller', async () => {
      const req = request()
      const conns = await Promise.all(Array.from({ length: 5 }, () => ctx.f.connect()))
      try {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => conns[i % conns.length]!.history.claim(req)))
        expect(results.filter((r) => r.kind === 'claimed').length).toBe(1)
        expect(results.filter((r) => r.kind === 'in-progress').length).toBe(19)
        expect((await ctx.f.backdoor.historyRows(req.orderId)).length).toBe(1)
      } finally {
        await Promise.all(conns.map((c) => c.close()))
      }
    })

    it('records skipped outcomes without a sender or message', async () => {
      const req = request()
      const claim = await ctx.f.history.claim(req)
      if (claim.kind !== 'claimed') throw new Error('no claim')
      const record = await ctx.f.history.complete(claim.historyId, { status: 'skipped_no_consent' })
      expect(record).toMatchObject({ status: 'skipped_no_consent', venuePhoneNumberId: null, provider: null, message: null })
      expect(await ctx.f.history.getById(claim.historyId)).toMatchObject({
        status: 'skipped_no_consent',
        orderId: req.orderId,
        customerPhoneNumber: PHONE,
        correlationId: 'corr-1',
        traceparent: null,
      })
    })

    it('keeps the trace context of the message that caused the send', async () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
      const claim = await ctx.f.history.claim(request({ traceparent }))
      if (claim.kind !== 'claimed') throw new Error('no claim')
      expect((await ctx.f.history.getById(claim.historyId))?.traceparent).toBe(traceparent)
    })

    it('queries newest first with filters and keyset pages that never overlap', async () => {
      const ids: string[] = []
      for (let i = 0; i < 7; i++) {
        ctx.clock.advance(1_000)
        ids.push((await sent({ venueId: i < 5 ? 7 : 8 })).id)
      }
      const p1 = await ctx.f.history.query({ venueId: 7, limit: 2 })
      expect(p1.items.map((r) => r.id)).toEqual([ids[4], ids[3]])
      expect(p1.nextCursor).toBeTruthy()
      const p2 = await ctx.f.history.query({ venueId: 7, limit: 2, cursor: p1.nextCursor! })
      expect(p2.items.map((r) => r.id)).toEqual([ids[2], ids[1]])
      const p3 = await ctx.f.history.query({ venueId: 7, limit: 2, cursor: p2.nextCursor! })
      expect(p3.items.map((r) => r.id)).toEqual([ids[0]])
      expect(p3.nextCursor).toBeNull()
      expect((await ctx.f.history.query({ venueId: 8, limit: 50 })).items.length).toBe(2)
    })

    it('pages correctly through rows created in the same instant', async () => {
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await sent()).id)
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await ctx.f.history.query({ venueId: 7, limit: 2, ...(cursor ? { cursor } : {}) })
        seen.push(...page.items.map((r) => r.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(seen.length).toBe(5)
      expect(new Set(seen)).toEqual(new Set(ids))
    })

    it('filters by phone, order, status and a half-open time range', async () => {
      const start = ctx.clock.now()
      const a = await sent({ customerPhoneNumber: '+14155550101' })
      ctx.clock.advance(60_000)
      const b = await sent()
      const claim = await ctx.f.history.claim(request())
      if (claim.kind !== 'claimed') throw new Error('no claim')
      await ctx.f.history.complete(claim.historyId, { status: 'blocked_opted_out' })
      expect((await ctx.f.history.query({ phoneNumber: '+14155550101', limit: 10 })).items.map((r) => r.id)).toEqual([a.id])
      expect((await ctx.f.history.query({ orderId: b.orderId, limit: 10 })).items.map((r) => r.id)).toEqual([b.id])
      expect((await ctx.f.history.query({ status: 'blocked_opted_out', limit: 10 })).items.map((r) => r.id)).toEqual([claim.historyId])
      const early = await ctx.f.history.query({ from: start, to: new Date(start.getTime() + 30_000), limit: 10 })
      expect(early.items.map((r) => r.id)).toEqual([a.id])
    })

    it('answers null or nothing for ids it does not hold', async () => {
      expect(await ctx.f.history.getById('999999999')).toBeNull()
      await expect(ctx.f.history.release('999999999', 'http:503')).resolves.toBeUndefined()
    })

    it('rejects a malformed cursor with InvalidCursorError', async () => {
      await expect(ctx.f.history.query({ limit: 10, cursor: '%%%garbage' })).rejects.toBeInstanceOf(InvalidCursorError)
      await expect(ctx.f.history.query({ limit: 10, cursor: 'eyJmb28iOjF9' })).rejects.toBeInstanceOf(InvalidCursorError)
    })

    it('applies delivery reports in time order and ignores older ones', async () => {
      const record = await sent({}, 'SMdelivery1')
      const t0 = ctx.clock.now()
      const delivered = await ctx.f.history.applyDeliveryReport({
        provider: 'twilio',
        providerMessageId: 'SMdelivery1',
        status: 'delivered',
        errorCode: null,
        occurredAt: new Date(t0.getTime() + 2_000),
      })
      expect(delivered).toMatchObject({ id: record.id, deliveryStatus: 'delivered', deliveryErrorCode: null })
      const stale = await ctx.f.history.applyDeliveryReport({
        provider: 'twilio',
        providerMessageId: 'SMdelivery1',
        status: 'sent',
        errorCode: null,
        occurredAt: new Date(t0.getTime() + 1_000),
      })
      expect(stale?.deliveryStatus).toBe('delivered')
      expect((await ctx.f.history.getById(record.id))?.deliveryStatus).toBe('delivered')
      // Same time or later, a final status is never replaced by an in-flight one.
      const late = await ctx.f.history.applyDeliveryReport({
        provider: 'twilio',
        providerMessageId: 'SMdelivery1',
        status: 'sent',
        errorCode: null,
        occurredAt: new Date(t0.getTime() + 9_000),
      })
      expect(late?.deliveryStatus).toBe('delivered')
      const failed = await ctx.f.history.applyDeliveryReport({
        provider: 'twilio',
        providerMessageId: 'SMdelivery1',
        status: 'undelivered',
        errorCode: 'twilio:30003',
        occurredAt: new Date(t0.getTime() + 10_000),
      })
      expect(failed).toMatchObject({ deliveryStatus: 'undelivered', deliveryErrorCode: 'twilio:30003' })
      expect(
        await ctx.f.history.applyDeliveryReport({
          provider: 'twilio',
          providerMessageId: 'SMunknown',
          status: 'failed',
          errorCode: 'twilio:30003',
          occurredAt: t0,
        }),
      ).toBeNull()
      expect(
        await ctx.f.history.applyDeliveryReport({
          provider: 'plivo',
          providerMessageId: 'SMdelivery1',
          status: 'failed',
          errorCode: null,
          occurredAt: t0,
        }),
      ).toBeNull()
    })
  })
}
