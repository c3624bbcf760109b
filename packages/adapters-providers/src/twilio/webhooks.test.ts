import { describe, expect, it } from 'vitest'
import { createTwilioWebhooks, signTwilio } from './webhooks.js'

describe('createTwilioWebhooks', () => {
  const webhooks = createTwilioWebhooks({ authToken: 'twilio-token' })
  const url = 'https://hooks.example.com/api/twilio/webhook'
  const params = { MessageSid: 'SM1', From: '+14155550100', To: '+14155550199', Body: 'STOP' }

  it('verifies with the configured token and parses what it verified', () => {
    const request = {
      method: 'POST',
      publicUrl: url,
      headers: new Headers({ 'x-twilio-signature': signTwilio('twilio-token', url, params) }),
      body: new URLSearchParams(params).toString(),
    }
    expect(webhooks.verify(request)).toEqual({ valid: true, scheme: 'twilio' })
    expect(webhooks.verify({ ...request, publicUrl: `${url}?x=1` }).valid).toBe(false)
    const parsed = webhooks.parseInbound(params, new Date(0))
    expect(parsed.kind === 'parsed' && parsed.value.intent).toBe('opt_out')
  })

  it('acknowledges with empty TwiML', () => {
    expect(webhooks.provider).toBe('twilio')
    expect(webhooks.acknowledgement).toMatchObject({ status: 200, contentType: 'text/xml' })
    expect(webhooks.acknowledgement.body).toMatch(/<Response\/>$/)
  })

  it('refuses to start without a token', () => {
    expect(() => createTwilioWebhooks({ authToken: '' })).toThrow(/authToken/)
  })
})
