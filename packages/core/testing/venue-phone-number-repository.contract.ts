import { expect, it } from 'vitest'
import type { NewVenuePhoneNumber } from '../src/ports/venue-phone-number-repository.js'
import { describeContract } from './describe-contract.js'
import type { PersistenceContractOptions } from './fixtures.js'

/** Contract of `VenuePhoneNumberRepository`: one active number per venue and provider, race-safe provisioning. */
export function describeVenuePhoneNumberRepositoryContract(options: PersistenceContractOptions): void {
  describeContract('VenuePhoneNumberRepository', options, (ctx) => {
    const number = (over: Partial<NewVenuePhoneNumber> = {}): NewVenuePhoneNumber => ({
      venueId: 7,
      phoneNumber: '+15550100001',
      providerId: 'PN0001',
      provider: 'twilio',
      assignedAt: ctx.clock.now(),
      ...over,
    })

    it('assigns an active number and finds it by venue, by number and by id', async () => {
      const r = await ctx.f.numbers.assign(number())
      expect(r.kind).toBe('assigned')
      if (r.kind !== 'assigned') return
      expect(r.number).toMatchObject({
        venueId: 7,
        phoneNumber: '+15550100001',
        provider: 'twilio',
        providerId: 'PN0001',
        status: 'active',
        releasedAt: null,
      })
      expect(typeof r.number.id).toBe('number')
      expect((await ctx.f.numbers.findActive(7, 'twilio'))?.id).toBe(r.number.id)
      expect(await ctx.f.numbers.findActive(7, 'plivo')).toBeNull()
      expect((await ctx.f.numbers.findActiveByNumber('+15550100001'))?.venueId).toBe(7)
      expect((await ctx.f.numbers.getById(r.number.id))?.phoneNumber).toBe('+15550100001')
      expect(await ctx.f.backdoor.venueNumbers(7)).toEqual([
        expect.objectContaining({ phoneNumber: '+15550100001', provider: 'twilio', status: 'active' }),
      ])
    })

    it('refuses a second active number for the same venue and provider, allows one per provider', async () => {
      await ctx.f.numbers.assign(number())
      const again = await ctx.f.numbers.assign(number({ phoneNumber: '+15550100002', providerId: 'PN0002' }))
      expect(again.kind).toBe('venue-already-has-number')
      if (again.kind === 'venue-already-has-number') expect(again.existing.phoneNumber).toBe('+15550100001')
      expect((await ctx.f.numbers.assign(number({ phoneNumber: '+15550100003', providerId: 'uuid', provider: 'plivo' }))).kind).toBe(
        'assigned',
      )
      expect((await ctx.f.backdoor.venueNumbers(7)).filter((n) => n.status === 'active').length).toBe(2)
    })

    it('answers null for ids and numbers it does not hold', async () => {
      expect(await ctx.f.numbers.getById(999_999)).toBeNull()
      expect(await ctx.f.numbers.findActiveByNumber('+12025550199')).toBeNull()
      expect(await ctx.f.numbers.release(999_999, ctx.clock.now())).toBeNull()
      expect(await ctx.f.numbers.listByVenue(999)).toEqual([])
    })

    it('finds the latest assignment of a number, active first, released otherwise', async () => {
      const first = await ctx.f.numbers.assign(number())
      if (first.kind !== 'assigned') throw new Error('not assigned')
      ctx.clock.advance(1_000)
      await ctx.f.numbers.release(first.number.id, ctx.clock.now())
      expect(await ctx.f.numbers.findLatestByNumber('+15550100001')).toMatchObject({ id: first.number.id, venueId: 7, status: 'released' })
      ctx.clock.advance(1_000)
      const again = await ctx.f.numbers.assign(number({ venueId: 8, assignedAt: ctx.clock.now() }))
      if (again.kind !== 'assigned') throw new Error('not assigned')
      expect(await ctx.f.numbers.findLatestByNumber('+15550100001')).toMatchObject({ id: again.number.id, venueId: 8, status: 'active' })
      await ctx.f.numbers.release(again.number.id, ctx.clock.now())
      expect((await ctx.f.numbers.findLatestByNumber('+15550100001'))?.venueId).toBe(8)
      expect(await ctx.f.numbers.findLatestByNumber('+15550100099')).toBeNull()
    })

    it('refuses a number active for another venue', async () => {
      await ctx.f.numbers.assign(number())
      const r = await ctx.f.numbers.assign(number({ venueId: 8 }))
      expect(r.kind).toBe('number-in-use')
    })

    it('releases a number, keeping the row, and then allows a new active one', async () => {
      const r = await ctx.f.numbers.assign(number())
      if (r.kind !== 'assigned') throw new Error('not assigned')
      ctx.clock.advance(1_000)
      const released = await ctx.f.numbers.release(r.number.id, ctx.clock.now())
      expect(released).toMatchObject({ status: 'released' })
      expect(released?.releasedAt?.getTime()).toBe(ctx.clock.now().getTime())
      expect(await ctx.f.numbers.findActive(7, 'twilio')).toBeNull()
      expect(await ctx.f.numbers.findActiveByNumber('+15550100001')).toBeNull()
      expect(await ctx.f.numbers.release(r.number.id, ctx.clock.now())).toBeNull()
      expect((await ctx.f.numbers.assign(number({ phoneNumber: '+15550100009', providerId: 'PN0009' }))).kind).toBe('assigned')
      const listed = await ctx.f.numbers.listByVenue(7)
      expect(listed.map((n) => n.status).sort()).toEqual(['active', 'released'])
    })

    it('gives exactly one of many concurrent assigns for a venue to one caller', async () => {
      const conns = await Promise.all(Array.from({ length: 5 }, () => ctx.f.connect()))
      try {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            conns[i % conns.length]!.numbers.assign(number({ phoneNumber: `+1555010010${i}`, providerId: `PN10${i}` })),
          ),
        )
        expect(results.filter((r) => r.kind === 'assigned').length).toBe(1)
        expect((await ctx.f.backdoor.venueNumbers(7)).filter((n) => n.status === 'active').length).toBe(1)
      } finally {
        await Promise.all(conns.map((c) => c.close()))
      }
    })

    it('grants one provisioning claim at a time, and again after its lease runs out or it is finished', async () => {
      const a = await ctx.f.numbers.claimProvisioning(7, 'twilio', 10_000)
      expect(a.kind).toBe('claimed')
      const b = await ctx.f.numbers.claimProvisioning(7, 'twilio', 10_000)
      expect(b.kind).toBe('busy')
      if (b.kind === 'busy') expect(b.retryAfterMs).toBeGreaterThan(0)
      expect((await ctx.f.numbers.claimProvisioning(7, 'plivo', 10_000)).kind).toBe('claimed')
      expect((await ctx.f.numbers.claimProvisioning(8, 'twilio', 10_000)).kind).toBe('claimed')
      ctx.clock.advance(10_001)
      const c = await ctx.f.numbers.claimProvisioning(7, 'twilio', 10_000)
      expect(c.kind).toBe('claimed')
      if (c.kind !== 'claimed' || a.kind !== 'claimed') return
      await ctx.f.numbers.finishProvisioning(7, 'twilio', a.token)
      expect((await ctx.f.numbers.claimProvisioning(7, 'twilio', 10_000)).kind).toBe('busy')
      await ctx.f.numbers.finishProvisioning(7, 'twilio', c.token)
      expect((await ctx.f.numbers.claimProvisioning(7, 'twilio', 10_000)).kind).toBe('claimed')
    })

    it('gives exactly one of many concurrent provisioning claims to one caller', async () => {
      const conns = await Promise.all(Array.from({ length: 5 }, () => ctx.f.connect()))
      try {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => conns[i % conns.length]!.numbers.claimProvisioning(9, 'twilio', 30_000)),
        )
        expect(results.filter((r) => r.kind === 'claimed').length).toBe(1)
      } finally {
        await Promise.all(conns.map((c) => c.close()))
      }
    })
  })
}
