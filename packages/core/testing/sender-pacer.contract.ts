import { expect, it } from 'vitest'
import { describeContract } from './describe-contract.js'
import type { PersistenceContractOptions } from './fixtures.js'

/** Contract of `SenderPacer`: slots per sender, `intervalMs` apart, never shared, never taken when too far. */
export function describeSenderPacerContract(options: PersistenceContractOptions): void {
  describeContract('SenderPacer', options, (ctx) => {
    it('hands out consecutive slots interval apart, per sender', async () => {
      const now = ctx.clock.now()
      const slots = []
      for (let i = 0; i < 3; i++) slots.push(await ctx.f.pacer.reserve(1, now, 1_000, 10_000))
      expect(slots.map((s) => (s.kind === 'slot' ? s.at.getTime() - now.getTime() : -1))).toEqual([0, 1_000, 2_000])
      const other = await ctx.f.pacer.reserve(2, now, 1_000, 10_000)
      expect(other).toEqual({ kind: 'slot', at: now })
    })

    it('answers busy without taking a slot when the next one is beyond the wait', async () => {
      const now = ctx.clock.now()
      await ctx.f.pacer.reserve(1, now, 1_000, 5_000)
      await ctx.f.pacer.reserve(1, now, 1_000, 5_000)
      const busy = await ctx.f.pacer.reserve(1, now, 1_000, 500)
      expect(busy).toEqual({ kind: 'busy', retryAfterMs: 2_000 })
      const next = await ctx.f.pacer.reserve(1, now, 1_000, 5_000)
      expect(next.kind === 'slot' && next.at.getTime() - now.getTime()).toBe(2_000)
    })

    it('an idle sender starts again at now, not at an old slot', async () => {
      await ctx.f.pacer.reserve(1, ctx.clock.now(), 1_000, 5_000)
      ctx.clock.advance(60_000)
      const later = await ctx.f.pacer.reserve(1, ctx.clock.now(), 1_000, 5_000)
      expect(later).toEqual({ kind: 'slot', at: ctx.clock.now() })
    })

    it('never gives one slot to two concurrent callers', async () => {
      const conns = await Promise.all(Array.from({ length: 4 }, () => ctx.f.connect()))
      try {
        const now = ctx.clock.now()
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => conns[i % conns.length]!.pacer.reserve(5, now, 100, 60_000)))
        const times = results.map((r) => (r.kind === 'slot' ? r.at.getTime() - now.getTime() : -1)).sort((a, b) => a - b)
        expect(times).toEqual(Array.from({ length: 12 }, (_, i) => i * 100))
      } finally {
        await Promise.all(conns.map((c) => c.close()))
      }
    })
  })
}
