// Entry of `@sms-notification/adapters-providers/twilio/webhooks`: loads Twilio's signature helpers only,
// never its REST client, so a webhook endpoint starts fast.
import type { ProviderWebhooks, WebhookAcknowledgement } from '../webhooks/provider-webhooks.js'
import { readWebhookParams } from '../webhooks/read-webhook-params.js'
import { parseTwilioDeliveryReport } from '../webhooks/twilio-delivery-report.js'
import { parseTwilioInbound } from '../webhooks/twilio-inbound.js'
import { verifyTwilioSignature } from '../webhooks/twilio-signature.js'
import { signTwilio, twilioBodyHash } from '../webhooks/twilio-signer.js'

export * from '../webhooks/index.js'
export { parseTwilioDeliveryReport, parseTwilioInbound, verifyTwilioSignature, signTwilio, twilioBodyHash }

export interface TwilioWebhookOptions {
  /** The account's auth token, which Twilio signs webhooks with. */
  authToken: string
}

/** Twilio wants TwiML back; an empty `<Response/>` means "no reply" (Twilio sends the opt-out replies itself). */
export const TWILIO_ACKNOWLEDGEMENT: WebhookAcknowledgement = {
  status: 200,
  contentType: 'text/xml',
  body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
}

export function createTwilioWebhooks(options: TwilioWebhookOptions): ProviderWebhooks {
  if (!options.authToken) throw new Error('createTwilioWebhooks: authToken is required')
  return {
    provider: 'twilio',
    acknowledgement: TWILIO_ACKNOWLEDGEMENT,
    verify: (request) => verifyTwilioSignature(request, options.authToken),
    readParams: readWebhookParams,
    parseInbound: parseTwilioInbound,
    parseDeliveryReport: parseTwilioDeliveryReport,
  }
}
