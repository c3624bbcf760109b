import type { InboundMessage } from './inbound-message.js'
import type { ProviderDeliveryReport } from './provider-delivery-report.js'
import type { SignatureCheck } from './signature-check.js'
import type { WebhookParams } from './webhook-params.js'
import type { WebhookParseResult } from './webhook-parse-result.js'
import type { WebhookProvider } from './webhook-provider.js'
import type { WebhookRequest } from './webhook-request.js'

/** The HTTP answer a provider expects once its webhook was accepted. */
export interface WebhookAcknowledgement {
  status: number
  contentType: string | null
  body: string
}

/** One provider's webhook handling: what a webhook endpoint needs, with nothing SDK-shaped in it. */
export interface ProviderWebhooks {
  readonly provider: WebhookProvider
  readonly acknowledgement: WebhookAcknowledgement
  verify(request: WebhookRequest): SignatureCheck
  /** The request's parameters as the provider sent them; null when the body cannot be read. */
  readParams(request: WebhookRequest): WebhookParams | null
  parseInbound(params: WebhookParams, receivedAt: Date): WebhookParseResult<InboundMessage>
  parseDeliveryReport(params: WebhookParams, receivedAt: Date): WebhookParseResult<ProviderDeliveryReport>
}
