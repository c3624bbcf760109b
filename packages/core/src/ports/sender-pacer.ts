export type PacingSlot =
  /** Send at `at` (now or a little later). The slot is taken. */
  | { kind: 'slot'; at: Date }
  /** The sender's next free slot is beyond the wait the caller accepts; nothing was taken. */
  | { kind: 'busy'; retryAfterMs: number }

/**
 * Paces sends per sender number across replicas: a US long code carries about one message per second, and a
 * provider queues, then fails, what goes beyond it. Each send reserves the sender's next slot.
 */
export interface SenderPacer {
  /**
   * Reserves the next slot of `venuePhoneNumberId` at or after `now`, slots `intervalMs` apart, if it starts
   * within `maxWaitMs` of `now`. Atomic across callers: two callers never get the same slot.
   */
  reserve(venuePhoneNumberId: number, now: Date, intervalMs: number, maxWaitMs: number): Promise<PacingSlot>
}
