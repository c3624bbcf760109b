import { createHash } from 'node:crypto'
import type { ConsentChange, ConsentChangedEvent, ConsentRecord, ConsentStatus } from './consent-types.js'

export type ConsentDecision =
  | { kind: 'apply'; next: ConsentRecord; statusChanged: boolean; previousStatus: ConsentStatus | null }
  | { kind: 'superseded' }
  | { kind: 'unchanged' }

/**
 * The time the current status was decided: the later of the opt-in and opt-out times. Last-writer-wins compares
 * an incoming change's `occurredAt` against it.
 */
export function effectiveAt(record: ConsentRecord): Date | null {
  const times = [record.optedInAt, record.optedOutAt].filter((t): t is Date => t !== null)
  if (times.length === 0) return null
  return new Date(Math.max(...times.map((t) => t.getTime())))
}

/**
 * The time a change counts at: what the source claims, but never later than now. A future-dated opt-in (a
 * producer's wrong clock, a typo) would otherwise beat every real STOP that follows it.
 */
export function effectiveOccurredAt(change: Pick<ConsentChange, 'occurredAt'>, now: Date): Date {
  return change.occurredAt.getTime() > now.getTime() ? now : change.occurredAt
}

/**
 * Decides what a consent change does to the current record. Pure: repositories call it inside their per-key
 * transaction so the decision and the write are atomic.
 *
 * - No record: the change creates one (an opt-out for an unknown phone is recorded too: it must block later sends).
 * - `onlyIfAbsent` with a record: unchanged (a checkout checkbox never overrides an earlier decision).
 * - Otherwise last-writer-wins on `occurredAt` (capped at now). On a tie an opt-out wins, since sending after a
 *   STOP is the costlier mistake.
 */
export function decideConsentChange(current: ConsentRecord | null, change: ConsentChange, now: Date): ConsentDecision {
  const at = effectiveOccurredAt(change, now)
  const status: ConsentStatus = change.action === 'opt_in' ? 'opted_in' : 'opted_out'
  if (current === null) {
    return {
      kind: 'apply',
      statusChanged: true,
      previousStatus: null,
      next: {
        venueId: change.venueId,
        phoneNumber: change.phoneNumber,
        status,
        source: change.source,
        initialConsentAt: status === 'opted_in' ? at : null,
        optedInAt: status === 'opted_in' ? at : null,
        optedOutAt: status === 'opted_out' ? at : null,
        createdAt: now,
        updatedAt: now,
      },
    }
  }
  if (change.onlyIfAbsent) return { kind: 'unchanged' }
  const currentAt = effectiveAt(current)
  if (currentAt !== null) {
    const newer = at.getTime() > currentAt.getTime()
    const tieGoesToOptOut = at.getTime() === currentAt.getTime() && status === 'opted_out' && current.status === 'opted_in'
    if (!newer && !tieGoesToOptOut) return { kind: 'superseded' }
  }
  return {
    kind: 'apply',
    statusChanged: current.status !== status,
    previousStatus: current.status,
    next: {
      ...current,
      status,
      source: change.source,
      initialConsentAt: current.initialConsentAt ?? (status === 'opted_in' ? at : null),
      optedInAt: status === 'opted_in' ? at : current.optedInAt,
      optedOutAt: status === 'opted_out' ? at : current.optedOutAt,
      updatedAt: now,
    },
  }
}

/**
 * The `sms-optout` event for an applied change that altered the status. Its id is a hash of the change, so the
 * same change published twice carries the same `messageId` and the topic's duplicate detection drops it.
 */
export function consentChangedEvent(change: ConsentChange, record: ConsentRecord): ConsentChangedEvent {
  const type = record.status === 'opted_out' ? 'SmsUnsubscribe' : 'SmsResubscribe'
  // The time the change counted at (capped at now by decideConsentChange), so subscribers that order by it agree
  // with this service.
  const at = (record.status === 'opted_out' ? record.optedOutAt : record.optedInAt) ?? change.occurredAt
  const eventId = createHash('sha256')
    .update([type, change.venueId, change.phoneNumber, at.toISOString(), change.source].join('|'))
    .digest('hex')
    .slice(0, 32)
  return {
    eventId,
    type,
    venueId: change.venueId,
    phoneNumber: change.phoneNumber,
    source: change.source,
    occurredAt: at.toISOString(),
    ...(change.evidence?.correlationId ? { correlationId: change.evidence.correlationId } : {}),
    ...(change.evidence?.traceparent ? { traceparent: change.evidence.traceparent } : {}),
  }
}
