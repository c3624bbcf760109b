import type { Logger } from '@sms-notification/core/inbound'
import type { ProviderWebhooks, WebhookParams } from '@sms-notification/adapters-providers/twilio/webhooks'
import type { WebhookDeps } from './webhook-deps.js'

/** A webhook whose signature has been checked, on its way to the service. */
export interface WebhookStep {
  webhooks: ProviderWebhooks
  params: WebhookParams
  receivedAt: Date
  correlationId: string
  deps: WebhookDeps
  log: Logger
}
