import type { SendOutcomeKind } from '@sms-notification/core'

export type FailureKind = Exclude<SendOutcomeKind, 'sent'>

/** A provider error already reduced to the port's vocabulary, before provider and sender are attached. */
export interface ProviderFailure {
  kind: FailureKind
  errorCode: string
  retryAfterMs?: number
  /**
   * Transient only: the request may have reached the provider and been accepted (a timeout or reset after it
   * was sent, a 500). Present only when true.
   */
  ambiguous?: true
}
