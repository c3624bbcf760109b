/**
 * The light entry (`@sms-notification/core/inbound`): what the webhook function needs on its cold-start path,
 * without phone metadata, zod schemas or the orchestrator.
 */
export { classifyInbound, classifyKeyword, type InboundIntent } from './consent/keyword-classifier.js'
export { maskPhoneNumber } from './phone/mask-phone-number.js'
export { MetricNames, noopMetrics, type MetricName, type Metrics, type MetricTags } from './ports/metrics.js'
export { silentLogger, type Logger } from './ports/logger.js'
export type { DeliveryReport, DeliveryStatus } from './ports/send-history-repository.js'
export type { ConsentAction, ConsentSource } from './consent/consent-types.js'
