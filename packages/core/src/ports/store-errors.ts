/**
 * Thrown by a persistence adapter when the database failed in a way that may pass (deadlock, serialization
 * failure, lost connection, timeout). The orchestrator turns it into a `retry`; anything else a repository
 * throws is a defect.
 */
export class TransientStoreError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'TransientStoreError'
    this.code = code
  }
}

export function isTransientStoreError(error: unknown): error is TransientStoreError {
  return error instanceof TransientStoreError || (error as { name?: unknown } | null)?.name === 'TransientStoreError'
}

/** Longest correlation id the stores keep (their column size); Service Bus ids may be 128 characters. */
export const MAX_CORRELATION_ID_LENGTH = 100

/** A correlation id cut to what the stores keep, so a long one is shortened, never refused by the database. */
export function storableCorrelationId(id: string): string {
  return id.slice(0, MAX_CORRELATION_ID_LENGTH)
}
