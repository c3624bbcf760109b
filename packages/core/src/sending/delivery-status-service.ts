import type { Clock } from '../ports/clock.js'
import type { ConsentRepository } from '../ports/consent-repository.js'
import type { Logger } from '../ports/logger.js'
import { MetricNames, type Metrics } from '../ports/metrics.js'
import type { DeliveryReport, SendHistoryRecord, SendHistoryRepository } from '../ports/send-history-repository.js'

/** A delivery report as the webhook forwards it. */
export type DeliveryStatusUpdate = DeliveryReport

/** Applies provider delivery reports to the history, and records the opt-outs that only callbacks reveal. */
export class DeliveryStatusService {
  constructor(private readonly deps: { history: SendHistoryRepository; consents: ConsentRepository; logger: Logger; metrics: Metrics; clock: Clock }) {}

  async apply(update: DeliveryStatusUpdate): Promise<SendHistoryRecord | null> {
    const { deps } = this
    const { recipientOptedOut, ...reported } = update
    // A provider clock running ahead must not make a report outrank every later one.
    const now = deps.clock.now()
    const report = reported.occurredAt.getTime() > now.getTime() ? { ...reported, occurredAt: now } : reported
    const record = await deps.history.applyDeliveryReport(report)
    deps.metrics.increment(MetricNames.deliveryStatus, { provider: report.provider, status: report.status, matched: record !== null })
    if (!record) {
      deps.logger.warn({ provider: report.provider, providerMessageId: report.providerMessageId }, 'delivery report for an unknown message')
      return null
    }
    if (recipientOptedOut) {
      const r = await deps.consents.applyChange({
        venueId: record.venueId,
        phoneNumber: record.customerPhoneNumber,
        action: 'opt_out',
        source: 'carrier_report',
        occurredAt: report.occurredAt,
        evidence: { provider: report.provider, providerMessageId: `status:${report.providerMessageId}`, orderId: record.orderId, ...(report.errorCode ? { note: report.errorCode } : {}) },
      })
      if (r.kind === 'applied' && r.statusChanged) deps.metrics.increment(MetricNames.optOut, { source: 'carrier_report' })
    }
    return record
  }
}
