import { maskPhoneNumber, normalizePhoneNumber } from '../phone/e164.js'
import { effectiveOccurredAt } from './consent-policy.js'
import type { Clock } from '../ports/clock.js'
import type { ConsentRepository } from '../ports/consent-repository.js'
import { storableCorrelationId } from '../ports/store-errors.js'
import type { Logger } from '../ports/logger.js'
import { MetricNames, type Metrics } from '../ports/metrics.js'
import type { VenuePhoneNumberRepository } from '../ports/venue-phone-number-repository.js'
import type { ConsentAction, ConsentChangeResult, ConsentLogEntry, ConsentRecord, ConsentSource } from './consent-types.js'

export interface ConsentUpdateRequest {
  /** The venue, or the venue's sender number the customer texted (inbound STOP/START). */
  venueId?: number
  venuePhoneNumber?: string
  phoneNumber: string
  action: ConsentAction
  source: ConsentSource
  /** When the customer acted; defaults to now. */
  occurredAt?: Date
  provider?: string
  providerMessageId?: string
  correlationId?: string
  traceparent?: string
  note?: string
}

export type ConsentUpdateResult =
  | { kind: 'ok'; result: ConsentChangeResult }
  | { kind: 'unknown-venue-number' }
  | { kind: 'invalid-phone'; field: 'phoneNumber' | 'venuePhoneNumber' }
  | { kind: 'missing-venue' }

/** Reads and changes consent for the APIs and the webhook path; emits the opt-in/opt-out metrics. */
export class ConsentService {
  constructor(
    private readonly deps: {
      consents: ConsentRepository
      numbers: VenuePhoneNumberRepository
      clock: Clock
      logger: Logger
      metrics: Metrics
      defaultRegion: string
    },
  ) {}

  async get(venueId: number, phoneNumber: string): Promise<ConsentRecord | null> {
    const phone = normalizePhoneNumber(phoneNumber, this.deps.defaultRegion)
    if (!phone.ok) return null
    return this.deps.consents.get(venueId, phone.e164)
  }

  async history(venueId: number, phoneNumber: string): Promise<ConsentLogEntry[]> {
    const phone = normalizePhoneNumber(phoneNumber, this.deps.defaultRegion)
    if (!phone.ok) return []
    return this.deps.consents.history(venueId, phone.e164)
  }

  async update(request: ConsentUpdateRequest): Promise<ConsentUpdateResult> {
    const { deps } = this
    const phone = normalizePhoneNumber(request.phoneNumber, deps.defaultRegion)
    if (!phone.ok) return { kind: 'invalid-phone', field: 'phoneNumber' }
    let venueId = request.venueId
    if (venueId === undefined) {
      if (!request.venuePhoneNumber) return { kind: 'missing-venue' }
      const sender = normalizePhoneNumber(request.venuePhoneNumber, deps.defaultRegion)
      if (!sender.ok) return { kind: 'invalid-phone', field: 'venuePhoneNumber' }
      // The latest assignment, released or not: a STOP to a number the venue gave back still opts out of it.
      const number = await deps.numbers.findLatestByNumber(sender.e164)
      if (!number) return { kind: 'unknown-venue-number' }
      venueId = number.venueId
    }
    const result = await deps.consents.applyChange({
      venueId,
      phoneNumber: phone.e164,
      action: request.action,
      source: request.source,
      // Never later than now: a future time would outrank every later change (see decideConsentChange).
      occurredAt: effectiveOccurredAt({ occurredAt: request.occurredAt ?? deps.clock.now() }, deps.clock.now()),
      evidence: {
        ...(request.provider ? { provider: request.provider } : {}),
        ...(request.providerMessageId ? { providerMessageId: request.providerMessageId } : {}),
        ...(request.correlationId ? { correlationId: storableCorrelationId(request.correlationId) } : {}),
        ...(request.traceparent ? { traceparent: request.traceparent } : {}),
        ...(request.note ? { note: request.note } : {}),
      },
    })
    if (result.kind === 'applied' && result.statusChanged) {
      deps.metrics.increment(request.action === 'opt_out' ? MetricNames.optOut : MetricNames.optIn, { source: request.source })
    }
    deps.logger.info(
      {
        venueId,
        phone: maskPhoneNumber(phone.e164),
        action: request.action,
        source: request.source,
        result: result.kind,
        correlationId: request.correlationId,
      },
      'consent change',
    )
    return { kind: 'ok', result }
  }
}
