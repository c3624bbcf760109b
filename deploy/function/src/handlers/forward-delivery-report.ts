import type { HttpResponseInit } from '@azure/functions'
import { INTERNAL_PATHS } from '../forwarding/internal-paths.js'
import { reportForwardProblem } from './report-forward-problem.js'
import { acknowledge, afterForward, plain } from './responses.js'
import type { WebhookStep } from './webhook-step.js'

/** A delivery-status callback, forwarded as the core's `DeliveryReport` (plus `recipientOptedOut`). */
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
  const fields = { providerMessageId: report.providerMessageId, status: report.status, errorCode: report.errorCode }
  const result = await step.deps.forwarder.post(
    INTERNAL_PATHS.deliveryStatus,
    { ...report, occurredAt: report.occurredAt.toISOString() },
    step.correlationId,
  )
  if (result.kind === 'accepted') log.debug({ ...fields, attempts: result.attempts }, 'delivery report forwarded')
  else reportForwardProblem(step, result, fields)
  return afterForward(result, webhooks.acknowledgement)
}
