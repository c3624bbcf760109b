import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions'
import { maskPhoneNumber } from '@sms-notification/core/inbound'
import type { WebhookParams } from '@sms-notification/adapters-providers/twilio/webhooks'
import { forwardDeliveryReport } from './forward-delivery-report.js'
import { SIGNATURE_FAILURE_METRIC } from '../observability/metric-names.js'
import { forwardInbound } from './forward-inbound.js'
import { signedUrlFor } from './public-url.js'
import { plain } from './responses.js'
import type { WebhookDeps } from './webhook-deps.js'
import type { WebhookKind } from './webhook-kind.js'

/**
 * One provider webhook: checks the signature against the configured public URL, then parses the payload and
 * forwards what the service needs. Without a valid signature nothing happens and 400 is answered.
 */
export async function handleWebhook(
  kind: WebhookKind,
  request: HttpRequest,
  context: InvocationContext,
  deps: WebhookDeps,
): Promise<HttpResponseInit> {
  const receivedAt = deps.now()
  const provider = (request.params.provider ?? '').toLowerCase()
  const webhooks = await deps.providers(provider)
  if (!webhooks) return plain(404, 'Not Found')
  const log = deps.logger.child({ invocationId: context.invocationId, provider, kind })

  const webhookRequest = {
    method: request.method,
    publicUrl: signedUrlFor(deps.config.publicBaseUrl, request.url),
    headers: request.headers,
    body: await request.text(),
  }
  const check = webhooks.verify(webhookRequest)
  const params = webhooks.readParams(webhookRequest)
  if (!check.valid) {
    deps.metrics.increment(SIGNATURE_FAILURE_METRIC, { provider, kind, reason: check.reason })
    log.warn({ reason: check.reason, method: request.method, ...maskedParties(params) }, 'webhook signature rejected')
    return plain(400, 'Bad Request')
  }
  if (!params) {
    log.warn({ scheme: check.scheme }, 'signed webhook with an unreadable body')
    return plain(400, 'Bad Request')
  }
  const step = { webhooks, params, receivedAt, correlationId: context.invocationId, deps, log }
  return kind === 'inbound' ? forwardInbound(step) : forwardDeliveryReport(step)
}

/** Who the (possibly forged) request claims to be from and to, masked, for whoever investigates the alert. */
function maskedParties(params: WebhookParams | null): Record<string, string> {
  const first = (name: string) => {
    const value = params?.[name]
    return Array.isArray(value) ? value[0] : value
  }
  return { from: maskPhoneNumber(first('From')), to: maskPhoneNumber(first('To')) }
}
