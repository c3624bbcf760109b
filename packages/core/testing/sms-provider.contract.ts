import { expect, it } from 'vitest'
import { describeContract } from './describe-contract.js'
import type { Sender, SenderResolution, SendSmsRequest } from '../src/ports/sms-provider.js'
import type { SmsProviderContractOptions } from './fixtures.js'

const SENDER: Sender = { venuePhoneNumberId: 1, phoneNumber: '+15005550006' }

/** Contract of `SmsProvider`: every outcome is a value, permanent ones are told apart from transient ones. */
export function describeSmsProviderContract(options: SmsProviderContractOptions): void {
  describeContract('SmsProvider', options, (ctx) => {
    const request = (
      to: string,
      resolution: SenderResolution = { kind: 'sender', sender: SENDER },
    ): SendSmsRequest & { asked: string[] } => {
      const asked: string[] = []
      return {
        to,
        body: 'Your order is confirmed. Reply STOP to opt out.',
        asked,
        sender: async (provider) => {
          asked.push(provider)
          return resolution
        },
      }
    }

    it('has a stable lowercase name', () => {
      expect(ctx.f.provider.name).toMatch(/^[a-z][a-z0-9_-]*$/)
    })

    it('sends from the resolved venue number and returns the provider message id', async () => {
      const req = request(ctx.f.recipients.ok)
      const outcome = await ctx.f.provider.send(req)
      expect(outcome).toMatchObject({ kind: 'sent', provider: ctx.f.provider.name, sender: SENDER })
      if (outcome.kind === 'sent') expect(outcome.providerMessageId.length).toBeGreaterThan(0)
      expect(req.asked).toEqual([ctx.f.provider.name])
      const accepted = await ctx.f.accepted()
      expect(accepted).toContainEqual({ from: SENDER.phoneNumber, to: ctx.f.recipients.ok, body: req.body })
    })

    it('does not call the provider when no sender is available, and says why', async () => {
      const unavailable = await ctx.f.provider.send(
        request(ctx.f.recipients.ok, { kind: 'unavailable', retryAfterMs: 500, errorCode: 'provisioning_in_progress' }),
      )
      expect(unavailable).toMatchObject({ kind: 'transient', errorCode: 'provisioning_in_progress', retryAfterMs: 500 })
      const failed = await ctx.f.provider.send(request(ctx.f.recipients.ok, { kind: 'failed', errorCode: 'no_numbers' }))
      expect(failed).toMatchObject({ kind: 'configuration', errorCode: 'no_numbers' })
      expect(await ctx.f.accepted()).toEqual([])
    })

    it('reports a synchronous opted-out rejection as opted-out (or, where the provider reports it only later, as sent)', async () => {
      const outcome = await ctx.f.provider.send(request(ctx.f.recipients.optedOut))
      expect(['opted-out', 'sent']).toContain(outcome.kind)
      if (outcome.kind === 'opted-out') expect(outcome.errorCode).toMatch(/\S/)
    })

    it('reports an invalid recipient as a permanent invalid-recipient outcome with an error code', async () => {
      const outcome = await ctx.f.provider.send(request(ctx.f.recipients.invalid))
      expect(outcome.kind).toBe('invalid-recipient')
      if (outcome.kind === 'invalid-recipient') expect(outcome.errorCode).toMatch(/\S/)
    })

    it('reports a passing failure as transient', async () => {
      const outcome = await ctx.f.provider.send(request(ctx.f.recipients.transient))
      expect(outcome.kind).toBe('transient')
      if (outcome.kind === 'transient') expect(outcome.errorCode).toMatch(/\S/)
    })

    it('reports a configuration failure as configuration when the fixture can produce one', async () => {
      if (!ctx.f.recipients.configuration) return
      const outcome = await ctx.f.provider.send(request(ctx.f.recipients.configuration))
      expect(outcome.kind).toBe('configuration')
    })

    it('provisions a number in E.164 with the provider id, and releases it', async () => {
      const outcome = await ctx.f.provider.provisionNumber({ venueId: 7, country: ctx.f.provisionCountry })
      expect(outcome.kind).toBe('provisioned')
      if (outcome.kind !== 'provisioned') return
      expect(outcome.provider).toBe(ctx.f.provider.name)
      expect(outcome.phoneNumber).toMatch(/^\+[1-9]\d{6,14}$/)
      expect(outcome.providerId.length).toBeGreaterThan(0)
      const second = await ctx.f.provider.provisionNumber({ venueId: 8, country: ctx.f.provisionCountry })
      if (second.kind === 'provisioned') expect(second.phoneNumber).not.toBe(outcome.phoneNumber)
      expect(await ctx.f.provider.releaseNumber({ phoneNumber: outcome.phoneNumber, providerId: outcome.providerId })).toEqual({
        kind: 'released',
      })
    })
  })
}
