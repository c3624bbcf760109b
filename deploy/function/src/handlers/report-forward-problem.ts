import type { ForwardResult } from '../forwarding/forward-result.js'
import { FORWARD_FAILURE_METRIC } from '../observability/metric-names.js'
import type { WebhookStep } from './webhook-step.js'

/** Logs and counts a forward that did not go through; the fields must already be masked. */
export function reportForwardProblem(
  step: WebhookStep,
  result: Exclude<ForwardResult, { kind: 'accepted' }>,
  fields: Record<string, unknown>,
): void {
  const reason = result.kind === 'failed' ? result.reason : 'rejected'
  step.deps.metrics.increment(FORWARD_FAILURE_METRIC, { provider: step.webhooks.provider, reason })
  step.log.error(
    { ...fields, reason, serviceStatus: result.status, attempts: result.attempts },
    result.kind === 'failed' ? 'forward to the service failed; the provider will retry' : 'the service refused the webhook',
  )
}
