import type { HttpResponseInit } from '@azure/functions'
import { maskPhoneNumber } from '@sms-notification/core/inbound'
import { INTERNAL_PATHS, OPT_OUT_RECORDED, UNKNOWN_PROVIDER_MESSAGE } from '../forwarding/internal-paths.js'
import { reportForwardProblem } from './report-forward-problem.js'
import { acknowledge, afterForward, plain } from './responses.js'
import type { WebhookStep } from './webhook-step.js'

/**
 * A delivery-status callback, forwarded as the core's `DeliveryReport` (with `recipientOptedOut`, `from`, `to`).
 * A report can arrive before the service has committed the send it belongs to; the service then answers 404
 * UNKNOWN_PROVIDER_MESSAGE, which is retried for a few seconds before the report is given up (acknowledged:
 * the provider's own retries would come too late to help). A carrier opt-out whose send is not recorded is
 * still recorded from the report's numbers: the service answers 202 and the report is done.
 */
export async function forwardDeliveryReport(step: WebhookStep): Promise<HttpResponseInit> {
  const { webhooks, log } = step
  const parsed = webhooks.parseDeliveryReport(step.params, step.receivedAt)
  if (parsed.kind === 'invalid') {
    log.warn({ reason: parsed.reason }, 'signed status callback without the expected fields')
    return plain(400, 'Bad Request')
  }
  if (parsed.kind === 'ignored') {
    log.debug({ reason: parsed.reason }, 'status callback ignored')
    return acknowledge(webhooks.acknowledgement)
  }
  const report = parsed.value
  const fields = {
    providerMessageId: report.providerMessageId,
    status: report.status,
    errorCode: report.errorCode,
    ...(report.from ? { from: maskPhoneNumber(report.from) } : {}),
    ...(report.to ? { to: maskPhoneNumber(report.to) } : {}),
  }
  const result = await step.deps.forwarder.post(
    INTERNAL_PATHS.deliveryStatus,
    { ...report, occurredAt: report.occurredAt.toISOString() },
    step.correlationId,
    { retryNotFoundCode: UNKNOWN_PROVIDER_MESSAGE },
  )
  if (result.kind === 'accepted' && result.status === OPT_OUT_RECORDED) {
    log.info({ ...fields, attempts: result.attempts }, 'carrier opt-out recorded from the report numbers; its send is not recorded')
  } else if (result.kind === 'accepted') log.debug({ ...fields, attempts: result.attempts }, 'delivery report forwarded')
  else reportForwardProblem(step, result, fields)
  return afterForward(result, webhooks.acknowledgement)
}
