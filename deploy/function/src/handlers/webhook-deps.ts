import type { Logger, Metrics } from '@sms-notification/core/inbound'
import type { FunctionConfig } from '../config.js'
import type { ServiceForwarder } from '../forwarding/service-forwarder.js'
import type { ProviderWebhooksLoader } from './load-provider-webhooks.js'

/** What the webhook handlers need; built once per process by `createWebhookDeps`. */
export interface WebhookDeps {
  config: Pick<FunctionConfig, 'publicBaseUrl'>
  providers: ProviderWebhooksLoader
  forwarder: ServiceForwarder
  logger: Logger
  metrics: Metrics
  now: () => Date
}
