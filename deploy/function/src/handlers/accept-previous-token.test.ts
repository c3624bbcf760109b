import type { ProviderWebhooks, SignatureCheck, WebhookRequest } from '@sms-notification/adapters-providers/twilio/webhooks'
import { describe, expect, it } from 'vitest'
import { acceptPreviousToken } from './accept-previous-token.js'

const REQUEST = {
  method: 'POST',
  publicUrl: 'https://hooks.example.com/api/twilio/webhook',
  headers: new Headers(),
  body: '',
} as WebhookRequest

function stub(name: string, check: SignatureCheck, calls: string[]): ProviderWebhooks {
  return {
    provider: 'twilio',
    acknowledgement: { status: 200, contentType: null, body: name },
    verify: () => {
      calls.push(name)
      return check
    },
    readParams: () => null,
    parseInbound: () => ({ ok: false, reason: 'stub' }) as never,
    parseDeliveryReport: () => ({ ok: false, reason: 'stub' }) as never,
  }
}

describe('acceptPreviousToken', () => {
  it('tries the current token first and stops there when it matches', () => {
    const calls: string[] = []
    const webhooks = acceptPreviousToken(
      stub('current', { valid: true, scheme: 'twilio' }, calls),
      stub('previous', { valid: true, scheme: 'twilio' }, calls),
    )
    expect(webhooks.verify(REQUEST)).toEqual({ valid: true, scheme: 'twilio' })
    expect(calls).toEqual(['current'])
    // Everything but the check is the current set's.
    expect(webhooks.acknowledgement.body).toBe('current')
  })

  it('accepts a signature that only the previous token matches', () => {
    const calls: string[] = []
    const webhooks = acceptPreviousToken(
      stub('current', { valid: false, reason: 'invalid_signature' }, calls),
      stub('previous', { valid: true, scheme: 'plivo-v3' }, calls),
    )
    expect(webhooks.verify(REQUEST)).toEqual({ valid: true, scheme: 'plivo-v3' })
    expect(calls).toEqual(['current', 'previous'])
  })

  it("reports the current token's reason when neither matches", () => {
    const calls: string[] = []
    const webhooks = acceptPreviousToken(
      stub('current', { valid: false, reason: 'invalid_signature' }, calls),
      stub('previous', { valid: false, reason: 'malformed_request' }, calls),
    )
    expect(webhooks.verify(REQUEST)).toEqual({ valid: false, reason: 'invalid_signature' })
  })

  it('does not ask the previous token about a request no token can pass', () => {
    const calls: string[] = []
    const webhooks = acceptPreviousToken(
      stub('current', { valid: false, reason: 'missing_signature' }, calls),
      stub('previous', { valid: true, scheme: 'twilio' }, calls),
    )
    expect(webhooks.verify(REQUEST)).toEqual({ valid: false, reason: 'missing_signature' })
    expect(calls).toEqual(['current'])
  })

  it('is the current set itself without a previous token', () => {
    const current = stub('current', { valid: true, scheme: 'twilio' }, [])
    expect(acceptPreviousToken(current, null)).toBe(current)
  })
})
