import { noopMetrics, type Logger } from '@sms-notification/core/inbound'
import type { FunctionConfig } from './config.js'
import { createServiceForwarder } from './forwarding/service-forwarder.js'
import { createProviderWebhooksLoader } from './handlers/load-provider-webhooks.js'
import type { WebhookDeps } from './handlers/webhook-deps.js'
import { createDogStatsdMetrics, type ClosableMetrics } from './observability/dogstatsd-metrics.js'
import { createJsonLogger } from './observability/json-logger.js'

export interface WebhookRuntime extends WebhookDeps {
  metrics: ClosableMetrics
}

/** Builds the handlers' dependencies from validated configuration: once per process, at cold start. */
export function createWebhookDeps(config: FunctionConfig, logger?: Logger): WebhookRuntime {
  const log = logger ?? createJsonLogger({ level: config.logLevel, bindings: { service: 'sms-webhook-function' } })
  const metrics: ClosableMetrics = config.metrics ? createDogStatsdMetrics(config.metrics) : { ...noopMetrics, close() {} }
  return {
    config,
    providers: createProviderWebhooksLoader(config),
    forwarder: createServiceForwarder({
      serviceUrl: config.serviceUrl,
      token: config.internalApiToken,
      ...config.forwarding,
      logger: log,
    }),
    logger: log,
    metrics,
    now: () => new Date(),
  }
}
