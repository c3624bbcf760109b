import type { ForwardResult } from '../forwarding/forward-result.js'
import { FORWARD_FAILURE_METRIC } from '../observability/metric-names.js'
import type { WebhookStep } from './webhook-step.js'

/** Logs and counts a forward that did not go through; the fields must already be masked. */
export function reportForwardProblem(
  step: WebhookStep,
  result: Exclude<ForwardResult, { kind: 'accepted' }>,
  fields: Record<string, unknown>,
): void {
  const unknownMessage = result.kind === 'rejected' && result.notYetKnown === true
  const reason = result.kind === 'failed' ? result.reason : unknownMessage ? 'unknown_message' : 'rejected'
  step.deps.metrics.increment(FORWARD_FAILURE_METRIC, { provider: step.webhooks.provider, reason })
  const serviceCode = result.kind === 'rejected' && result.code ? { serviceCode: result.code } : {}
  step.log.error(
    { ...fields, reason, serviceStatus: result.status, ...serviceCode, attempts: result.attempts },
    result.kind === 'failed'
      ? 'forward to the service failed; the provider will retry'
      : unknownMessage
        ? 'the service still does not know the message after waiting; acknowledged and dropped'
        : 'the service refused the webhook',
  )
}
