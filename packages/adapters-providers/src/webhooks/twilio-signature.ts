// The SDK's webhook module only: loading `twilio` itself would pull in the REST client (about 120 ms).
import { validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks.js'
import { parseFormParams, rawQueryOf } from './webhook-params.js'
import type { SignatureCheck } from './signature-check.js'
import type { WebhookRequest } from './webhook-request.js'

/**
 * Checks `X-Twilio-Signature` with the SDK's own validators, which compare in constant time and try the URL
 * with and without the default port. A JSON body is signed through `bodySHA256` in the URL; a form body
 * through its sorted parameters; a GET through its URL alone.
 */
export function verifyTwilioSignature(request: WebhookRequest, authToken: string): SignatureCheck {
  const signature = request.headers.get('x-twilio-signature')?.trim()
  if (!signature) return { valid: false, reason: 'missing_signature' }
  const method = request.method.toUpperCase()
  if (method !== 'POST' && method !== 'GET') return { valid: false, reason: 'unsupported_method' }
  try {
    const signsBodyHash = new URLSearchParams(rawQueryOf(request.publicUrl)).has('bodySHA256')
    const valid = signsBodyHash
      ? validateRequestWithBody(authToken, signature, request.publicUrl, request.body)
      : validateRequest(authToken, signature, request.publicUrl, method === 'POST' ? parseFormParams(request.body) : {})
    return valid ? { valid: true, scheme: 'twilio' } : { valid: false, reason: 'invalid_signature' }
  } catch {
    // The SDK parses the URL with `new URL()`; a URL it cannot parse was not signed by Twilio either.
    return { valid: false, reason: 'malformed_request' }
  }
}
