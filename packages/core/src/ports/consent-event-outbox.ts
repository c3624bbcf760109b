import type { ConsentChangedEvent } from '../consent/consent-types.js'

export interface OutboxEntry {
  id: string
  event: ConsentChangedEvent
  /** Leases taken so far, this one included (the first lease gives 1). */
  attempts: number
  createdAt: Date
}

/**
 * The outbox filled by `ConsentRepository.applyChange` in the same transaction as the change.
 * A relay leases pending entries, publishes them and marks them published; a lease that runs out (a relay
 * died) makes the entry pending again.
 */
export interface ConsentEventOutbox {
  /**
   * Lease up to `limit` entries that are due (not published, not leased, `nextAttemptAt` passed), oldest first.
   * An entry is never leased while an older unpublished entry for the same venue and phone exists, so
   * subscribers receive a phone's changes in the order they were made, across relays.
   */
  lease(limit: number, leaseMs: number): Promise<OutboxEntry[]>
  markPublished(id: string): Promise<void>
  /** Back to pending after a failed publish, not before `nextAttemptAt`. */
  markFailed(id: string, nextAttemptAt: Date, errorCode: string): Promise<void>
  /** Entries not yet published (for readiness and operations). */
  pendingCount(): Promise<number>
}
