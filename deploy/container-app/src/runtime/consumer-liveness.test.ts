import { ManualClock } from '@sms-notification/core/testing'
import { describe, expect, it } from 'vitest'
import { ConsumerLiveness } from './consumer-liveness.js'
import type { ConsumerStatusView } from './transport.js'

describe('ConsumerLiveness', () => {
  it('fails only after the consumer stayed failed for the configured period, naming the error', async () => {
    const clock = new ManualClock()
    let status: ConsumerStatusView = { state: 'running' }
    const check = new ConsumerLiveness({ status: () => status, clock, failedForMs: 5 * 60_000 }).check()
    expect(check.name).toBe('queueConsumer')
    expect(await check.check()).toEqual({ ok: true })
    status = { state: 'failed', lastError: { code: 'MessagingEntityNotFound', at: clock.now() } }
    expect(await check.check()).toEqual({ ok: true })
    clock.advance(5 * 60_000 - 1)
    expect((await check.check()).ok).toBe(true)
    clock.advance(1)
    expect(await check.check()).toEqual({
      ok: false,
      detail: 'queue consumer failed 300 s ago (MessagingEntityNotFound) and did not recover',
    })
  })

  it('counts from when it first saw the failure when the consumer gives no time, and resets on recovery', async () => {
    const clock = new ManualClock()
    let status: ConsumerStatusView = { state: 'failed' }
    const check = new ConsumerLiveness({ status: () => status, clock, failedForMs: 1000 }).check()
    expect((await check.check()).ok).toBe(true)
    clock.advance(1000)
    expect(await check.check()).toEqual({ ok: false, detail: 'queue consumer failed 1 s ago and did not recover' })
    status = { state: 'running' }
    expect((await check.check()).ok).toBe(true)
    status = { state: 'failed' }
    expect((await check.check()).ok).toBe(true)
  })

  it('never fails for a consumer stopped on purpose (shutdown)', async () => {
    const clock = new ManualClock()
    const check = new ConsumerLiveness({ status: () => ({ state: 'stopped' }), clock, failedForMs: 1 }).check()
    clock.advance(60_000)
    expect(await check.check()).toEqual({ ok: true })
  })
})
