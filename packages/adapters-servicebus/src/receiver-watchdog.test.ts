import { silentLogger } from '@sms-notification/core'
import { ManualClock } from '@sms-notification/core/testing'
import { describe, expect, it } from 'vitest'
import { ReceiverWatchdog, type WatchedReceiver } from './receiver-watchdog.js'

function receiver(source: string, clock: ManualClock, lastAt: Date, inFlight = 0): WatchedReceiver & { restarts: number } {
  const r = {
    source,
    restarts: 0,
    lastActivityAt: () => lastAt,
    inFlight: () => inFlight,
    restart: async () => {
      r.restarts++
      lastAt = clock.now()
    },
  }
  return r
}

describe('ReceiverWatchdog', () => {
  it('restarts only a receiver that is silent, idle and has messages waiting', async () => {
    const clock = new ManualClock()
    const start = clock.now()
    const silentWithWork = receiver('subscription', clock, start)
    const silentNoWork = receiver('retry', clock, start)
    const busy = receiver('busy', clock, start, 2)
    const watchdog = new ReceiverWatchdog({
      silenceMs: 60_000,
      intervalMs: 1_000,
      probe: async (source) => (source === 'retry' ? 0 : 5),
      logger: silentLogger,
      clock,
      receivers: () => [silentWithWork, silentNoWork, busy],
    })
    expect(await watchdog.check()).toEqual([])
    clock.advance(60_000)
    expect(await watchdog.check()).toEqual(['subscription'])
    expect([silentWithWork.restarts, silentNoWork.restarts, busy.restarts]).toEqual([1, 0, 0])
    // Restarting counts as activity: no second restart right away.
    expect(await watchdog.check()).toEqual([])
  })

  it('does nothing when the waiting count is unknown or cannot be read', async () => {
    const clock = new ManualClock()
    const a = receiver('subscription', clock, new Date(0))
    const b = receiver('retry', clock, new Date(0))
    const watchdog = new ReceiverWatchdog({
      silenceMs: 1,
      intervalMs: 1_000,
      probe: async (source) => {
        if (source === 'retry') throw new Error('403')
        return null
      },
      logger: silentLogger,
      clock,
      receivers: () => [a, b],
    })
    expect(await watchdog.check()).toEqual([])
    expect(a.restarts + b.restarts).toBe(0)
  })
})
