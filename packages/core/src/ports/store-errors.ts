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
