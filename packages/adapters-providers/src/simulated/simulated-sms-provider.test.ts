import type { SendSmsRequest } from '@sms-notification/core'
import { ManualClock } from '@sms-notification/core/testing'
import { describe, expect, it } from 'vitest'
import { isFictionalNumber } from './fictional-numbers.js'
import { SimulatedSmsProvider } from './simulated-sms-provider.js'

const FROM = '+12125550142'
const request = (to: string, body = 'hello'): SendSmsRequest => ({
  to,
  body,
  statusCallbackUrl: 'https://hooks.example.com/status',
  sender: async () => ({ kind: 'sender', sender: { venuePhoneNumberId: 1, phoneNumber: FROM } }),
})

describe('SimulatedSmsProvider', () => {
  it('records accepted messages in the outbox with id, from, to, body and time', async () => {
    const clock = new ManualClock('2026-03-01T10:00:00.000Z')
    const provider = new SimulatedSmsProvider({ clock })
    const outcome = await provider.send(request('+14155550100', 'Your order is confirmed'))
    expect(outcome).toMatchObject({ kind: 'sent', provider: 'simulated' })
    expect(provider.outbox()).toEqual([
      {
        id: outcome.kind === 'sent' ? outcome.providerMessageId : '',
        from: FROM,
        to: '+14155550100',
        body: 'Your order is confirmed',
        at: new Date('2026-03-01T10:00:00.000Z'),
        statusCallbackUrl: 'https://hooks.example.com/status',
      },
    ])
  })

  it('keeps only the newest messages beyond the outbox limit', async () => {
    const provider = new SimulatedSmsProvider({ outboxLimit: 3 })
    for (let i = 0; i < 5; i++) await provider.send(request('+14155550100', `m${i}`))
    expect(provider.outbox().map((m) => m.body)).toEqual(['m2', 'm3', 'm4'])
    provider.clearOutbox()
    expect(provider.outbox()).toEqual([])
  })

  it('fails chosen recipients with each outcome, and can be told to stop', async () => {
    const provider = new SimulatedSmsProvider({ transientRetryAfterMs: 250 })
    const kinds = ['opted-out', 'invalid-recipient', 'rejected', 'configuration', 'transient'] as const
    for (const [i, kind] of kinds.entries()) provider.failRecipient(`+1415555011${i}`, kind)
    for (const [i, kind] of kinds.entries()) {
      const outcome = await provider.send(request(`+1415555011${i}`))
      expect(outcome).toMatchObject({ kind, errorCode: `simulated:${kind}` })
      if (kind === 'transient') expect(outcome).toMatchObject({ retryAfterMs: 250 })
    }
    expect(provider.outbox()).toHaveLength(0)
    provider.failRecipient('+14155550110', null)
    expect((await provider.send(request('+14155550110'))).kind).toBe('sent')
  })

  it('waits the configured latency', async () => {
    const provider = new SimulatedSmsProvider({ latencyMs: 40 })
    const started = performance.now()
    const outcome = await provider.send(request('+14155550100'))
    expect(performance.now() - started).toBeGreaterThanOrEqual(35)
    expect(outcome.durationMs).toBe(40)
  })

  it('sells only numbers from the reserved fictional range, never the same one twice', async () => {
    const provider = new SimulatedSmsProvider()
    const numbers = new Set<string>()
    for (let i = 0; i < 100; i++) {
      const outcome = await provider.provisionNumber({ venueId: i, country: 'US', areaCode: '303' })
      if (outcome.kind !== 'provisioned') throw new Error(`expected provisioned, got ${outcome.kind}`)
      expect(outcome.phoneNumber).toMatch(/^\+130355501\d{2}$/)
      expect(isFictionalNumber(outcome.phoneNumber)).toBe(true)
      numbers.add(outcome.phoneNumber)
    }
    expect(numbers.size).toBe(100)
    expect(await provider.provisionNumber({ venueId: 101, country: 'US', areaCode: '303' })).toMatchObject({ kind: 'no-numbers' })
    const anyArea = await provider.provisionNumber({ venueId: 102, country: 'CA' })
    expect(anyArea.kind === 'provisioned' && isFictionalNumber(anyArea.phoneNumber)).toBe(true)
  })

  it('has no fictional range outside the NANP', async () => {
    expect(await new SimulatedSmsProvider().provisionNumber({ venueId: 1, country: 'GB' })).toEqual({
      kind: 'no-numbers',
      provider: 'simulated',
      errorCode: 'simulated:no-fictional-range',
    })
  })

  it('releases only numbers it rented, by matching provider id', async () => {
    const provider = new SimulatedSmsProvider()
    const outcome = await provider.provisionNumber({ venueId: 1, country: 'US' })
    if (outcome.kind !== 'provisioned') throw new Error('expected provisioned')
    expect(await provider.releaseNumber({ phoneNumber: outcome.phoneNumber, providerId: 'other' })).toEqual({ kind: 'not-found' })
    expect(await provider.releaseNumber(outcome)).toEqual({ kind: 'released' })
    expect(provider.rentedNumbers().size).toBe(0)
  })
})

describe('isFictionalNumber', () => {
  it('accepts 555-0100..0199 in any NANP area code and nothing else', () => {
    expect(isFictionalNumber('+12125550100')).toBe(true)
    expect(isFictionalNumber('+12125550199')).toBe(true)
    expect(isFictionalNumber('+12125550200')).toBe(false)
    expect(isFictionalNumber('+12125550099')).toBe(false)
    expect(isFictionalNumber('+12125551234')).toBe(false)
    expect(isFictionalNumber('+442125550150')).toBe(false)
  })
})
