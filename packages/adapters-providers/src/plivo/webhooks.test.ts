import { describe, expect, it } from 'vitest'
import { createPlivoWebhooks, signPlivoV3 } from './webhooks.js'

describe('createPlivoWebhooks', () => {
  const url = 'https://hooks.example.com/api/plivo/status'
  const params = { MessageUUID: 'u-1', Status: 'failed', ErrorCode: '200' }
  const request = (token: string) => ({
    method: 'POST',
    publicUrl: url,
    headers: new Headers({
      'x-plivo-signature-v3': signPlivoV3({ method: 'POST', url, nonce: 'n1', authToken: token, params }),
      'x-plivo-signature-v3-nonce': 'n1',
    }),
    body: new URLSearchParams(params).toString(),
  })

  it('verifies with the configured tokens and parses what it verified', () => {
    const webhooks = createPlivoWebhooks({ authToken: 'sub', mainAccountAuthToken: 'main' })
    expect(webhooks.verify(request('sub'))).toEqual({ valid: true, scheme: 'plivo-v3' })
    expect(webhooks.verify(request('other')).valid).toBe(false)
    const parsed = webhooks.parseDeliveryReport(params, new Date(0))
    expect(parsed.kind === 'parsed' && parsed.value.recipientOptedOut).toBe(true)
  })

  it('acknowledges with an empty 200', () => {
    const webhooks = createPlivoWebhooks({ authToken: 'sub' })
    expect(webhooks.acknowledgement).toEqual({ status: 200, contentType: null, body: '' })
  })

  it('refuses to start without a token', () => {
    expect(() => createPlivoWebhooks({ authToken: '' })).toThrow(/authToken/)
  })
})
