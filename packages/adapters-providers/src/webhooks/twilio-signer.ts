import { getExpectedBodyHash, getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js'
import type { WebhookParams } from './webhook-params.js'

/**
 * Signs a webhook as Twilio does (the SDK's own signer), for tests and fake providers. `params` are the form
 * parameters of a POST; for a JSON body sign the URL carrying `bodySHA256` (see `twilioBodyHash`) with `{}`.
 */
export function signTwilio(authToken: string, url: string, params: WebhookParams = {}): string {
  return getExpectedTwilioSignature(authToken, url, params)
}

/** The hex SHA-256 Twilio puts in `bodySHA256` when it signs a JSON body. */
export function twilioBodyHash(body: string): string {
  return getExpectedBodyHash(body)
}
