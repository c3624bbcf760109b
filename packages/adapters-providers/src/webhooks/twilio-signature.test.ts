import { describe, expect, it } from 'vitest'
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js'
import { verifyTwilioSignature } from './twilio-signature.js'
import { signTwilio, twilioBodyHash } from './twilio-signer.js'
import type { WebhookRequest } from './webhook-request.js'

// The example published in Twilio's security documentation.
const DOC_TOKEN = '12345'
const DOC_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const DOC_PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
}
const DOC_SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ='

function formRequest(url: string, params: Record<string, string>, signature: string | null): WebhookRequest {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' })
  if (signature !== null) headers.set('X-Twilio-Signature', signature)
  return { method: 'POST', publicUrl: url, headers, body: new URLSearchParams(params).toString() }
}

describe('verifyTwilioSignature', () => {
  it('reproduces the signature published in the Twilio documentation', () => {
    expect(getExpectedTwilioSignature(DOC_TOKEN, DOC_URL, DOC_PARAMS)).toBe(DOC_SIGNATURE)
    expect(verifyTwilioSignature(formRequest(DOC_URL, DOC_PARAMS, DOC_SIGNATURE), DOC_TOKEN)).toEqual({
      valid: true,
      scheme: 'twilio',
    })
  })

  it('rejects a tampered body', () => {
    const tampered = { ...DOC_PARAMS, Digits: '9999' }
    expect(verifyTwilioSignature(formRequest(DOC_URL, tampered, DOC_SIGNATURE), DOC_TOKEN)).toEqual({
      valid: false,
      reason: 'invalid_signature',
    })
  })

  it('rejects an extra parameter added to the body', () => {
    const extra = { ...DOC_PARAMS, OptOutType: 'STOP' }
    expect(verifyTwilioSignature(formRequest(DOC_URL, extra, DOC_SIGNATURE), DOC_TOKEN).valid).toBe(false)
  })

  it('rejects a tampered URL', () => {
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=3'
    expect(verifyTwilioSignature(formRequest(url, DOC_PARAMS, DOC_SIGNATURE), DOC_TOKEN).valid).toBe(false)
    const host = 'https://evil.example/myapp.php?foo=1&bar=2'
    expect(verifyTwilioSignature(formRequest(host, DOC_PARAMS, DOC_SIGNATURE), DOC_TOKEN).valid).toBe(false)
  })

  it('rejects the wrong auth token', () => {
    expect(verifyTwilioSignature(formRequest(DOC_URL, DOC_PARAMS, DOC_SIGNATURE), '54321')).toEqual({
      valid: false,
      reason: 'invalid_signature',
    })
  })

  it('reports a missing or blank header as missing', () => {
    expect(verifyTwilioSignature(formRequest(DOC_URL, DOC_PARAMS, null), DOC_TOKEN)).toEqual({
      valid: false,
      reason: 'missing_signature',
    })
    expect(verifyTwilioSignature(formRequest(DOC_URL, DOC_PARAMS, '  '), DOC_TOKEN).valid).toBe(false)
  })

  it('accepts a signature made with the default port when the configured URL has none, and the reverse', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2'
    const signedWithPort = signTwilio(DOC_TOKEN, withPort, DOC_PARAMS)
    expect(verifyTwilioSignature(formRequest(DOC_URL, DOC_PARAMS, signedWithPort), DOC_TOKEN).valid).toBe(true)
    expect(verifyTwilioSignature(formRequest(withPort, DOC_PARAMS, DOC_SIGNATURE), DOC_TOKEN).valid).toBe(true)
  })

  it('validates repeated form keys the way Twilio signs them', () => {
    const url = 'https://hooks.example.com/api/twilio/webhook'
    const signature = signTwilio('tok', url, { MediaUrl: ['b', 'a'], From: '+14155550100' })
    const body = 'MediaUrl=b&From=%2B14155550100&MediaUrl=a'
    const request: WebhookRequest = {
      method: 'POST',
      publicUrl: url,
      headers: new Headers({ 'x-twilio-signature': signature }),
      body,
    }
    expect(verifyTwilioSignature(request, 'tok').valid).toBe(true)
  })

  describe('JSON bodies signed through bodySHA256', () => {
    const body = JSON.stringify({ MessageSid: 'SM123', MessageStatus: 'delivered' })
    const url = `https://hooks.example.com/api/twilio/status?bodySHA256=${twilioBodyHash(body)}`
    const signature = signTwilio('tok', url)
    const request = (b: string, u = url): WebhookRequest => ({
      method: 'POST',
      publicUrl: u,
      headers: new Headers({ 'x-twilio-signature': signature, 'content-type': 'application/json' }),
      body: b,
    })

    it('accepts the body whose hash the URL carries', () => {
      expect(verifyTwilioSignature(request(body), 'tok')).toEqual({ valid: true, scheme: 'twilio' })
    })

    it('rejects a body that no longer matches the hash', () => {
      expect(verifyTwilioSignature(request(body.replace('delivered', 'failed')), 'tok').valid).toBe(false)
    })

    it('rejects a URL whose hash was swapped for the tampered body', () => {
      const tampered = body.replace('delivered', 'failed')
      const swapped = `https://hooks.example.com/api/twilio/status?bodySHA256=${twilioBodyHash(tampered)}`
      expect(verifyTwilioSignature(request(tampered, swapped), 'tok').valid).toBe(false)
    })
  })

  it('validates a GET by its URL alone', () => {
    const url = 'https://hooks.example.com/api/twilio/webhook?From=%2B14155550100&Body=STOP'
    const request: WebhookRequest = {
      method: 'GET',
      publicUrl: url,
      headers: new Headers({ 'x-twilio-signature': signTwilio('tok', url) }),
      body: '',
    }
    expect(verifyTwilioSignature(request, 'tok').valid).toBe(true)
    expect(verifyTwilioSignature({ ...request, publicUrl: url.replace('STOP', 'START') }, 'tok').valid).toBe(false)
  })

  it('rejects methods Twilio never uses and URLs it cannot have signed', () => {
    const request = formRequest(DOC_URL, DOC_PARAMS, DOC_SIGNATURE)
    expect(verifyTwilioSignature({ ...request, method: 'PUT' }, DOC_TOKEN)).toEqual({
      valid: false,
      reason: 'unsupported_method',
    })
    expect(verifyTwilioSignature({ ...request, publicUrl: 'not a url' }, DOC_TOKEN)).toEqual({
      valid: false,
      reason: 'malformed_request',
    })
  })
})
