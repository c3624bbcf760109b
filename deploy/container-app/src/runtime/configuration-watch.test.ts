import { ManualClock } from '@sms-notification/core/testing'
import { SimulatedSmsProvider } from '@sms-notification/adapters-providers/simulated'
import { describe, expect, it } from 'vitest'
import { ConfigurationWatch } from './configuration-watch.js'

const sender = async () => ({ kind: 'sender' as const, sender: { venuePhoneNumberId: 1, phoneNumber: '+12065550100' } })

describe('ConfigurationWatch', () => {
  it('fails the configuration check for five minutes after a configuration outcome, and clears on a send', async () => {
    const clock = new ManualClock()
    const simulated = new SimulatedSmsProvider()
    simulated.failRecipient('+14155550100', 'configuration')
    const watch = new ConfigurationWatch(clock)
    const provider = watch.wrap(simulated)
    const check = watch.check()
    expect(await check.check()).toEqual({ ok: true })
    const outcome = await provider.send({ to: '+14155550100', body: 'hi', sender })
    expect(outcome.kind).toBe('configuration')
    expect(await check.check()).toEqual({ ok: false, detail: 'provider rejected the configuration (simulated:configuration)' })
    clock.advance(5 * 60_000 + 1)
    expect((await check.check()).ok).toBe(true)
    await provider.send({ to: '+14155550100', body: 'hi', sender })
    expect((await check.check()).ok).toBe(false)
    await provider.send({ to: '+14155550101', body: 'hi', sender })
    expect((await check.check()).ok).toBe(true)
  })

  it('keeps the provider name and its other methods (private fields included)', async () => {
    const simulated = new SimulatedSmsProvider()
    const provider = new ConfigurationWatch(new ManualClock()).wrap(simulated)
    expect(provider.name).toBe('simulated')
    const bought = await provider.provisionNumber({ venueId: 1, country: 'US' })
    expect(bought.kind).toBe('provisioned')
    await provider.send({ to: '+14155550100', body: 'hi', sender })
    expect(simulated.outbox()).toHaveLength(1)
  })
})
