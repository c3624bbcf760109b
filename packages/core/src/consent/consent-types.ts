export const CONSENT_STATUSES = ['opted_in', 'opted_out'] as const
export type ConsentStatus = (typeof CONSENT_STATUSES)[number]

/**
 * Where a consent change came from. The first three are the design's; the rest are the provider paths:
 * an inbound STOP/START keyword, a send the provider rejected because the recipient had opted out, and a
 * carrier-level report (e.g. Plivo's STOP-blocked delivery callback).
 */
export const CONSENT_SOURCES = [
  'checkout',
  'account_settings',
  'support_request',
  'sms_keyword',
  'provider_rejection',
  'carrier_report',
] as const
export type ConsentSource = (typeof CONSENT_SOURCES)[number]

export type ConsentAction = 'opt_in' | 'opt_out'

/** Evidence kept with a change so an auditor can see why it happened. */
export interface ConsentEvidence {
  provider?: string
  providerMessageId?: string
  correlationId?: string
  /** W3C trace context of the request or message that caused the change. */
  traceparent?: string
  orderId?: string
  note?: string
}

export interface ConsentRecord {
  venueId: number
  phoneNumber: string
  status: ConsentStatus
  source: ConsentSource | null
  initialConsentAt: Date | null
  optedInAt: Date | null
  optedOutAt: Date | null
  createdAt: Date
  updatedAt: Date
}

export interface ConsentChange {
  venueId: number
  /** E.164. */
  phoneNumber: string
  action: ConsentAction
  source: ConsentSource
  /** When the customer acted; last-writer-wins is decided on this, not on arrival order. */
  occurredAt: Date
  evidence?: ConsentEvidence
  /** Record the change only when no consent exists yet (checkout opt-in carried on an order event). */
  onlyIfAbsent?: boolean
}

/** One row of the append-only consent change log. */
export interface ConsentLogEntry {
  id: string
  venueId: number
  phoneNumber: string
  action: ConsentAction
  source: ConsentSource
  occurredAt: Date
  recordedAt: Date
  /** `applied` changed the record; `superseded` lost to a newer change and is kept for the audit only. */
  disposition: 'applied' | 'superseded'
  evidence: ConsentEvidence
}

export type ConsentChangeResult =
  | { kind: 'applied'; record: ConsentRecord; statusChanged: boolean; previousStatus: ConsentStatus | null }
  /** An older change arrived after a newer one: logged, not applied. */
  | { kind: 'superseded'; record: ConsentRecord }
  /** `onlyIfAbsent` and a record already existed. */
  | { kind: 'unchanged'; record: ConsentRecord }
  /** The same provider message was already recorded (a provider's retry). */
  | { kind: 'duplicate'; record: ConsentRecord }

/** Published to the `sms-optout` topic when a record's status changes. */
export interface ConsentChangedEvent {
  /** Deterministic: derived from the change, so a republish is dropped by duplicate detection. */
  eventId: string
  type: 'SmsUnsubscribe' | 'SmsResubscribe'
  venueId: number
  phoneNumber: string
  source: ConsentSource
  occurredAt: string
  correlationId?: string
  /** W3C trace context of what caused the change, so a subscriber can continue the trace. */
  traceparent?: string
}
