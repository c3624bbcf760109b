import { MetricNames } from '@sms-notification/core/inbound'

/** A webhook that failed its signature check (tags `provider`, `kind`, `reason`); the name is the core's. */
export const SIGNATURE_FAILURE_METRIC = MetricNames.webhookSignatureFailure

/**
 * A signed webhook the service did not take (tags `provider`, `reason`): still failing after the retries, or
 * refused for good. The function's own metric, so it lives here rather than in the core's list.
 */
export const FORWARD_FAILURE_METRIC = 'sms.webhook.forward_failure.total'
