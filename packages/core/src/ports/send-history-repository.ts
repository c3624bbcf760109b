export const SEND_STATUSES = ['pending', 'sent', 'failed', 'skipped_no_consent', 'blocked_opted_out', 'skipped_cancelled'] as const
/** The design's four statuses plus `pending` (a send in progress) and `skipped_cancelled` (order cancelled). */
export type SendStatus = (typeof SEND_STATUSES)[number]

export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'undelivered', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

const FINAL_DELIVERY_STATUSES: ReadonlySet<DeliveryStatus | null> = new Set(['delivered', 'undelivered', 'failed'])

/** Whether a delivery report may replace the stored status: never older, never from final back to in-flight. */
export function deliveryReportApplies(
  stored: { deliveryStatus: DeliveryStatus | null; deliveryUpdatedAt: Date | null },
  report: { status: DeliveryStatus; occurredAt: Date },
): boolean {
  if (stored.deliveryUpdatedAt && stored.deliveryUpdatedAt.getTime() > report.occurredAt.getTime()) return false
  return !(FINAL_DELIVERY_STATUSES.has(stored.deliveryStatus) && !FINAL_DELIVERY_STATUSES.has(report.status))
}

export type Encoding = 'GSM-7' | 'UCS-2'

export interface SendHistoryRecord {
  id: string
  orderId: string
  messageType: string
  venueId: number
  venuePhoneNumberId: number | null
  customerId: string
  customerPhoneNumber: string
  message: string | null
  provider: string | null
  status: SendStatus
  providerMessageId: string | null
  errorCode: string | null
  segments: number | null
  encoding: Encoding | null
  deliveryStatus: DeliveryStatus | null
  deliveryErrorCode: string | null
  deliveryUpdatedAt: Date | null
  attempts: number
  correlationId: string | null
  /** W3C trace context of the message that caused the send. */
  traceparent: string | null
  /** Set when the send was dead-lettered; such a row can be claimed again by a replay. */
  deadLetteredAt: Date | null
  createdAt: Date
  updatedAt: Date
}

export interface SendClaimRequest {
  orderId: string
  messageType: string
  venueId: number
  customerId: string
  customerPhoneNumber: string
  correlationId: string | null
  traceparent?: string | null
  leaseMs: number
}

export type SendClaim =
  /** This worker owns the send; `attempts` counts this one. */
  | { kind: 'claimed'; historyId: string; attempts: number; takenOver: boolean }
  /** A final outcome is recorded already: acknowledge without sending. */
  | { kind: 'done'; record: SendHistoryRecord }
  /** Another worker holds the claim until `leaseExpiresAt`. */
  | { kind: 'in-progress'; leaseExpiresAt: Date }

/**
 * The final outcome of a claimed send. Sender, message, provider, segments and encoding left out keep what is
 * stored; `providerMessageId` and `errorCode` are always replaced (absent means null).
 */
export interface SendCompletion {
  status: Exclude<SendStatus, 'pending'>
  /**
   * The `attempts` of the claim this outcome belongs to. When given, the outcome is written only while the row
   * is still that claim (no other worker took it over since); otherwise the row is returned unchanged.
   */
  claimAttempts?: number
  venuePhoneNumberId?: number | null
  message?: string | null
  provider?: string | null
  providerMessageId?: string | null
  errorCode?: string | null
  segments?: number | null
  encoding?: Encoding | null
  deadLettered?: boolean
}

export interface HistoryQuery {
  venueId?: number
  phoneNumber?: string
  orderId?: string
  status?: SendStatus
  /** Inclusive lower bound on createdAt. */
  from?: Date
  /** Exclusive upper bound on createdAt (a half-open range, so consecutive windows never overlap). */
  to?: Date
  /** 1..200 */
  limit: number
  /** Opaque cursor from a previous page. */
  cursor?: string
}

export interface HistoryPage {
  items: SendHistoryRecord[]
  nextCursor: string | null
}

export interface DeliveryReport {
  provider: string
  providerMessageId: string
  status: DeliveryStatus
  errorCode: string | null
  occurredAt: Date
  /** The carrier blocked the message because the recipient sent STOP (Plivo callback ErrorCode 200). */
  recipientOptedOut?: boolean
  /** The sender (venue) number and the recipient, as the callback gives them (E.164): they identify the
   * venue and customer of an opt-out even when the report matches no recorded send. */
  from?: string
  to?: string
}

/**
 * Send history, which is also the idempotency claim: one row per (orderId, messageType), unique in the store.
 *
 * `claim` inserts a `pending` row, or takes over a `pending` row whose lease expired, or a `failed` row that was
 * dead-lettered (a replay). It never hands the same live claim to two callers.
 */
export interface SendHistoryRepository {
  claim(request: SendClaimRequest): Promise<SendClaim>
  /** Records the final outcome of a claimed send. */
  complete(historyId: string, completion: SendCompletion): Promise<SendHistoryRecord>
  /**
   * Gives a claim back after a transient failure so the retry can take it at once; keeps `pending`. With
   * `claimAttempts`, only while the row is still that claim.
   */
  release(historyId: string, errorCode: string | null, claimAttempts?: number): Promise<void>
  getById(id: string): Promise<SendHistoryRecord | null>
  query(query: HistoryQuery): Promise<HistoryPage>
  /**
   * Applies a provider delivery report to the row with that provider message id. Reports are applied in
   * order of `occurredAt`; a report older than the stored one is ignored, and so is one that would move a final
   * status (`delivered`, `undelivered`, `failed`) back to `queued` or `sent` (Twilio callbacks carry no event
   * time, so a late `sent` can arrive after `delivered`). Returns null when no row matches.
   */
  applyDeliveryReport(report: DeliveryReport): Promise<SendHistoryRecord | null>
}

export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR'
  constructor(message = 'cursor is not valid') {
    super(message)
    this.name = 'InvalidCursorError'
  }
}
