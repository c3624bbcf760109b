import type { InboundIntent } from '@sms-notification/core/inbound'
import type { WebhookProvider } from './webhook-provider.js'

/** An SMS a customer sent to a venue's number, in a provider-neutral form. */
export interface InboundMessage {
  provider: WebhookProvider
  /** The customer, E.164. */
  from: string
  /** The venue's number the customer texted, E.164. */
  to: string
  text: string
  providerMessageId: string
  /** The provider's own classification when it sent one, else the core's keyword classifier. */
  intent: InboundIntent
  receivedAt: Date
}
