import type { Clock } from '../ports/clock.js'
import { normalizePhoneNumber } from '../phone/e164.js'
import type { ConsentRepository } from '../ports/consent-repository.js'
import type { VenuePhoneNumberRepository } from '../ports/venue-phone-number-repository.js'
import type { Logger } from '../ports/logger.js'
import { MetricNames, type Metrics } from '../ports/metrics.js'
import type { DeliveryReport, SendHistoryRecord, SendHistoryRepository } from '../ports/send-history-repository.js'

/** A delivery report as the webhook forwards it. */
export type DeliveryStatusUpdate = DeliveryReport

export type DeliveryStatusResult =
  | { kind: 'applied'; record: SendHistoryRecord }
  /** The report matched no recorded send, but the opt-out it carries was recorded from its addresses. */
  | { kind: 'opt-out-recorded'; venueId: number }
  | { kind: 'unknown-message' }

/** Applies provider delivery reports to the history, and records the opt-outs that only callbacks reveal. */
export class DeliveryStatusService {
  constructor(
    private readonly deps: {
      history: SendHistoryRepository
      consents: ConsentRepository
      numbers: VenuePhoneNumberRepository
      logger: Logger
      metrics: Metrics
      clock: Clock
      defaultRegion: string
    },
  ) {}

  /**
   * Applies the report to its send. An opt-out the report reveals is recorded either way: from the matched
   * send, or from the report's own sender and recipient.
   */
  async apply(update: DeliveryStatusUpdate): Promise<DeliveryStatusResult> {
    const { deps } = this
    const { recipientOptedOut, from, to, ...reported } = update
    // A provider clock running ahead must not make a report outrank every later one.
    const now = deps.clock.now()
    const report = reported.occurredAt.getTime() > now.getTime() ? { ...reported, occurredAt: now } : reported
    const record = await deps.history.applyDeliveryReport(report)
    deps.metrics.increment(MetricNames.deliveryStatus, { provider: report.provider, status: report.status, matched: record !== null })
    if (!record)
      deps.logger.warn({ provider: report.provider, providerMessageId: report.providerMessageId }, 'delivery report for an unknown message')
    if (recipientOptedOut) {
      const target = record
        ? { venueId: record.venueId, phoneNumber: record.customerPhoneNumber, orderId: record.orderId }
        : await this.#targetFromAddresses(from, to)
      if (target) {
        await this.#recordOptOut(target, report)
        if (!record) return { kind: 'opt-out-recorded', venueId: target.venueId }
      } else {
        deps.logger.error(
          { provider: report.provider, providerMessageId: report.providerMessageId },
          'a carrier opt-out names no known venue number or recipient: not recorded',
        )
      }
    }
    return record ? { kind: 'applied', record } : { kind: 'unknown-message' }
  }

  async #targetFromAddresses(from: string | undefined, to: string | undefined) {
    const sender = normalizePhoneNumber(from, this.deps.defaultRegion)
    const recipient = normalizePhoneNumber(to, this.deps.defaultRegion)
    if (!sender.ok || !recipient.ok) return null
    const number = await this.deps.numbers.findLatestByNumber(sender.e164)
    return number ? { venueId: number.venueId, phoneNumber: recipient.e164 } : null
  }

  async #recordOptOut(target: { venueId: number; phoneNumber: string; orderId?: string }, report: DeliveryReport) {
    const r = await this.deps.consents.applyChange({
      venueId: target.venueId,
      phoneNumber: target.phoneNumber,
      action: 'opt_out',
      source: 'carrier_report',
      occurredAt: report.occurredAt,
      evidence: {
        provider: report.provider,
        providerMessageId: `status:${report.providerMessageId}`,
        ...(target.orderId ? { orderId: target.orderId } : {}),
        ...(report.errorCode ? { note: report.errorCode } : {}),
      },
    })
    if (r.kind === 'applied' && r.statusChanged) this.deps.metrics.increment(MetricNames.optOut, { source: 'carrier_report' })
  }
}
