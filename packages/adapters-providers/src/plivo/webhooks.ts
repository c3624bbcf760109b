// Entry of `@sms-notification/adapters-providers/plivo/webhooks`: loads Plivo's signature helpers only,
// never its REST client (which also changes axios' global agents).
import { parsePlivoDeliveryReport } from '../webhooks/plivo-delivery-report.js'
import { parsePlivoInbound } from '../webhooks/plivo-inbound.js'
import { verifyPlivoSignature, type PlivoSignatureOptions } from '../webhooks/plivo-signature.js'
import { signPlivoV2, signPlivoV3, type PlivoSigningInput } from '../webhooks/plivo-signer.js'
import type { ProviderWebhooks, WebhookAcknowledgement } from '../webhooks/provider-webhooks.js'
import { readWebhookParams } from '../webhooks/read-webhook-params.js'

export * from '../webhooks/index.js'
export { parsePlivoDeliveryReport, parsePlivoInbound, verifyPlivoSignature, signPlivoV2, signPlivoV3 }
export type { PlivoSignatureOptions, PlivoSigningInput }

export type PlivoWebhookOptions = PlivoSignatureOptions

/** Plivo only needs a 2xx; an empty body sends no reply message. */
export const PLIVO_ACKNOWLEDGEMENT: WebhookAcknowledgement = { status: 200, contentType: null, body: '' }

export function createPlivoWebhooks(options: PlivoWebhookOptions): ProviderWebhooks {
  if (!options.authToken) throw new Error('createPlivoWebhooks: authToken is required')
  return {
    provider: 'plivo',
    acknowledgement: PLIVO_ACKNOWLEDGEMENT,
    verify: (request) => verifyPlivoSignature(request, options),
    readParams: readWebhookParams,
    parseInbound: parsePlivoInbound,
    parseDeliveryReport: parsePlivoDeliveryReport,
  }
}
