/** Metric names from the design's Datadog section, plus the few the service adds. */
export const MetricNames = {
  sent: 'sms.sent.total',
  failed: 'sms.failed.total',
  optOut: 'sms.opt_out.total',
  optIn: 'sms.opt_in.total',
  sendDuration: 'sms.send.duration',
  skipped: 'sms.skipped.total',
  segments: 'sms.segments',
  provisioned: 'sms.number.provisioned.total',
  retried: 'sms.retry.total',
  deadLettered: 'sms.dead_letter.total',
  failover: 'sms.failover.total',
  webhookSignatureFailure: 'sms.webhook.signature_failure.total',
  deliveryStatus: 'sms.delivery_status.total',
  pacingWait: 'sms.sender.pacing_wait',
  paced: 'sms.sender.paced.total',
} as const

export type MetricName = (typeof MetricNames)[keyof typeof MetricNames]
export type MetricTags = Record<string, string | number | boolean>

/** DogStatsD-shaped metrics sink. `distribution` is used for durations so percentiles merge across replicas. */
export interface Metrics {
  increment(name: MetricName | string, tags?: MetricTags, value?: number): void
  distribution(name: MetricName | string, value: number, tags?: MetricTags): void
  gauge(name: MetricName | string, value: number, tags?: MetricTags): void
}

export const noopMetrics: Metrics = { increment() {}, distribution() {}, gauge() {} }
