import { describe, expect, it } from 'vitest'
import { validateV3Signature } from 'plivo/dist/utils/v3Security.js'
import { verifyPlivoSignature } from './plivo-signature.js'
import { signPlivoV2, signPlivoV3 } from './plivo-signer.js'
import type { WebhookRequest } from './webhook-request.js'

const TOKEN = 'plivo-auth-token'
const MAIN_TOKEN = 'plivo-main-account-token'
const NONCE = '05429567804466091622'
const URL_PLAIN = 'https://hooks.example.com/api/plivo/webhook'
const URL_QUERY = 'https://hooks.example.com/api/plivo/webhook?venue=7&a=z&a=b'
const PARAMS = { From: '14155550100', To: '14155550199', Text: 'STOP', MessageUUID: 'c1a4e3e2-0000-4000-8000-000000000001' }

function postRequest(url: string, params: Record<string, string>, headers: Record<string, string>): WebhookRequest {
  return {
    method: 'POST',
    publicUrl: url,
    headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
    body: new URLSearchParams(params).toString(),
  }
}

function v3Headers(signature: string, nonce = NONCE): Record<string, string> {
  return { 'X-Plivo-Signature-V3': signature, 'X-Plivo-Signature-V3-Nonce': nonce }
}

describe('signPlivoV3 (test signer)', () => {
  it.each([
    ['POST without query', 'POST', URL_PLAIN, PARAMS],
    ['POST with query', 'POST', URL_QUERY, PARAMS],
    ['POST without parameters', 'POST', URL_QUERY, {}],
    ['GET without query', 'GET', URL_PLAIN, {}],
    ['GET with query', 'GET', `${URL_PLAIN}?From=14155550100&Text=STOP`, {}],
  ] as const)('agrees with the SDK validator: %s', (_, method, url, params) => {
    const signature = signPlivoV3({ method, url, nonce: NONCE, authToken: TOKEN, params })
    expect(validateV3Signature(method, url, NONCE, TOKEN, signature, { ...params })).toBe(true)
    expect(validateV3Signature(method, url, NONCE, 'other', signature, { ...params })).toBe(false)
  })
})

describe('verifyPlivoSignature', () => {
  const options = { authToken: TOKEN }

  it('accepts a valid V3 signature on a POST, with and without a query string', () => {
    for (const url of [URL_PLAIN, URL_QUERY]) {
      const signature = signPlivoV3({ method: 'POST', url, nonce: NONCE, authToken: TOKEN, params: PARAMS })
      expect(verifyPlivoSignature(postRequest(url, PARAMS, v3Headers(signature)), options)).toEqual({
        valid: true,
        scheme: 'plivo-v3',
      })
    }
  })

  it('accepts a valid V3 signature on a GET, and rejects a GET whose query was changed', () => {
    const url = `${URL_PLAIN}?From=14155550100&MessageUUID=abc&Text=STOP`
    const signature = signPlivoV3({ method: 'GET', url, nonce: NONCE, authToken: TOKEN })
    const request: WebhookRequest = { method: 'GET', publicUrl: url, headers: new Headers(v3Headers(signature)), body: '' }
    expect(verifyPlivoSignature(request, options).valid).toBe(true)
    expect(verifyPlivoSignature({ ...request, publicUrl: url.replace('STOP', 'START') }, options).valid).toBe(false)
  })

  it('rejects a tampered body, a tampered URL, a wrong token and a wrong nonce', () => {
    const signature = signPlivoV3({ method: 'POST', url: URL_QUERY, nonce: NONCE, authToken: TOKEN, params: PARAMS })
    const invalid = { valid: false, reason: 'invalid_signature' }
    expect(verifyPlivoSignature(postRequest(URL_QUERY, { ...PARAMS, Text: 'START' }, v3Headers(signature)), options)).toEqual(invalid)
    expect(verifyPlivoSignature(postRequest(URL_QUERY.replace('venue=7', 'venue=8'), PARAMS, v3Headers(signature)), options)).toEqual(
      invalid,
    )
    expect(verifyPlivoSignature(postRequest(URL_QUERY, PARAMS, v3Headers(signature)), { authToken: 'wrong' })).toEqual(invalid)
    expect(verifyPlivoSignature(postRequest(URL_QUERY, PARAMS, v3Headers(signature, '1')), options)).toEqual(invalid)
  })

  it('accepts any one of several comma-separated signatures', () => {
    const good = signPlivoV3({ method: 'POST', url: URL_PLAIN, nonce: NONCE, authToken: TOKEN, params: PARAMS })
    const other = signPlivoV3({ method: 'POST', url: URL_PLAIN, nonce: NONCE, authToken: 'rotated-out', params: PARAMS })
    for (const header of [`${other},${good}`, `${good}, ${other}`, `${other} , ${good}`]) {
      expect(verifyPlivoSignature(postRequest(URL_PLAIN, PARAMS, v3Headers(header)), options).valid).toBe(true)
    }
    expect(verifyPlivoSignature(postRequest(URL_PLAIN, PARAMS, v3Headers(`${other},${other}`)), options).valid).toBe(false)
  })

  it('accepts the main-account signature only when the main account token is configured', () => {
    const signature = signPlivoV3({ method: 'POST', url: URL_PLAIN, nonce: NONCE, authToken: MAIN_TOKEN, params: PARAMS })
    const headers = { 'X-Plivo-Signature-Ma-V3': signature, 'X-Plivo-Signature-V3-Nonce': NONCE, 'X-Plivo-Signature-V3': 'bogus' }
    expect(verifyPlivoSignature(postRequest(URL_PLAIN, PARAMS, headers), options).valid).toBe(false)
    expect(verifyPlivoSignature(postRequest(URL_PLAIN, PARAMS, headers), { ...options, mainAccountAuthToken: MAIN_TOKEN })).toEqual({
      valid: true,
      scheme: 'plivo-v3-main-account',
    })
  })

  it('reports a missing signature or nonce as missing', () => {
    const signature = signPlivoV3({ method: 'POST', url: URL_PLAIN, nonce: NONCE, authToken: TOKEN, params: PARAMS })
    const missing = { valid: false, reason: 'missing_signature' }
    expect(verifyPlivoSignature(postRequest(URL_PLAIN, PARAMS, {}), options)).toEqual(missing)
    expect(verifyPlivoSignature(postRequest(URL_PLAIN, PARAMS, { 'X-Plivo-Signature-V3': signature }), options)).toEqual(missing)
  })

  it('answers unsupported_method instead of letting the SDK throw', () => {
    const signature = signPlivoV3({ method: 'POST', url: URL_PLAIN, nonce: NONCE, authToken: TOKEN, params: PARAMS })
    const request = { ...postRequest(URL_PLAIN, PARAMS, v3Headers(signature)), method: 'PUT' }
    expect(verifyPlivoSignature(request, options)).toEqual({ valid: false, reason: 'unsupported_method' })
  })

  describe('V2 signatures', () => {
    const v2 = signPlivoV2({ url: URL_QUERY, nonce: NONCE, authToken: TOKEN })
    const v2Headers = { 'X-Plivo-Signature-V2': v2, 'X-Plivo-Signature-V2-Nonce': NONCE }

    it('are rejected unless explicitly enabled', () => {
      expect(verifyPlivoSignature(postRequest(URL_QUERY, PARAMS, v2Headers), options)).toEqual({
        valid: false,
        reason: 'missing_signature',
      })
    })

    it('are accepted when enabled, and do not cover the body (why they are off by default)', () => {
      const enabled = { ...options, allowV2Signatures: true }
      expect(verifyPlivoSignature(postRequest(URL_QUERY, PARAMS, v2Headers), enabled)).toEqual({ valid: true, scheme: 'plivo-v2' })
      expect(verifyPlivoSignature(postRequest(URL_QUERY, { ...PARAMS, Text: 'START' }, v2Headers), enabled).valid).toBe(true)
      expect(verifyPlivoSignature(postRequest(URL_QUERY, PARAMS, v2Headers), { ...enabled, authToken: 'wrong' }).valid).toBe(false)
    })

    it('do not rescue a request whose V3 signature failed', () => {
      const headers = { ...v2Headers, ...v3Headers('bogus') }
      expect(verifyPlivoSignature(postRequest(URL_QUERY, PARAMS, headers), { ...options, allowV2Signatures: true })).toEqual({
        valid: false,
        reason: 'invalid_signature',
      })
    })
  })
})
