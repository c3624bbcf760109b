import type { ConsentChange, ConsentChangeResult, ConsentLogEntry, ConsentRecord } from '../consent/consent-types.js'

/**
 * Per-venue consent store.
 *
 * `applyChange` must be atomic per (venueId, phoneNumber): read the current record, decide with
 * `decideConsentChange` from this package, write the record, append the change log entry and, when the status
 * changed, enqueue the `ConsentChangedEvent` (built by `consentChangedEvent`) in the outbox, all in one
 * transaction. A change whose `evidence.providerMessageId` (with its provider) was already logged is a
 * `duplicate` and writes nothing.
 */
export interface ConsentRepository {
  get(venueId: number, phoneNumber: string): Promise<ConsentRecord | null>
  applyChange(change: ConsentChange): Promise<ConsentChangeResult>
  /** Change log, oldest first. */
  history(venueId: number, phoneNumber: string): Promise<ConsentLogEntry[]>
}
