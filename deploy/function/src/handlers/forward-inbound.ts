import type { HttpResponseInit } from '@azure/functions'
import { maskPhoneNumber } from '@sms-notification/core/inbound'
import { INTERNAL_PATHS } from '../forwarding/internal-paths.js'
import { reportForwardProblem } from './report-forward-problem.js'
import { acknowledge, afterForward, plain } from './responses.js'
import type { WebhookStep } from './webhook-step.js'

/**
 * A customer's SMS: STOP-family and START-family keywords become consent updates for the venue whose number
 * was texted; HELP and anything else are only logged (the provider sends the auto-replies).
 */
export async function forwardInbound(step: WebhookStep): Promise<HttpResponseInit> {
  const { webhooks, log } = step
  const parsed = webhooks.parseInbound(step.params, step.receivedAt)
  if (parsed.kind === 'invalid') {
    log.warn({ reason: parsed.reason }, 'signed inbound webhook without the expected fields')
    return plain(400, 'Bad Request')
  }
  if (parsed.kind === 'ignored') {
    log.info({ reason: parsed.reason }, 'inbound webhook ignored')
    return acknowledge(webhooks.acknowledgement)
  }
  const message = parsed.value
  const fields = {
    providerMessageId: message.providerMessageId,
    from: maskPhoneNumber(message.from),
    to: maskPhoneNumber(message.to),
    intent: message.intent,
  }
  if (message.intent !== 'opt_out' && message.intent !== 'opt_in') {
    // The text itself stays out of the logs: customers write personal details into SMS.
    log.info({ ...fields, textLength: message.text.length }, 'inbound message needs no consent change')
    return acknowledge(webhooks.acknowledgement)
  }
  const result = await step.deps.forwarder.post(
    INTERNAL_PATHS.consentUpdate,
    {
      venuePhoneNumber: message.to,
      phoneNumber: message.from,
      action: message.intent,
      source: 'sms_keyword',
      occurredAt: message.receivedAt.toISOString(),
      providerMessageId: message.providerMessageId,
      provider: message.provider,
    },
    step.correlationId,
  )
  if (result.kind === 'accepted') log.info({ ...fields, attempts: result.attempts }, 'consent update forwarded')
  else reportForwardProblem(step, result, fields)
  return afterForward(result, webhooks.acknowledgement)
}
