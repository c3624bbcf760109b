import type { SendOutcomeKind } from '@sms-notification/core'

export type FailureKind = Exclude<SendOutcomeKind, 'sent'>

/** A provider error already reduced to the port's vocabulary, before provider and sender are attached. */
export interface ProviderFailure {
  kind: FailureKind
  errorCode: string
  retryAfterMs?: number
}
