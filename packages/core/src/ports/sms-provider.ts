/** The sender number a provider sends from: a venue's number at that provider. */
export interface Sender {
  venuePhoneNumberId: number
  /** E.164. */
  phoneNumber: string
}

export type SenderResolution =
  | { kind: 'sender'; sender: Sender }
  /** The venue has no usable number at this provider yet (e.g. another worker is provisioning it). */
  | { kind: 'unavailable'; retryAfterMs: number; errorCode: string }
  /** Getting a number failed permanently (no numbers for sale, provider configuration). */
  | { kind: 'failed'; errorCode: string }

/**
 * Resolves the venue's sender number for a provider, provisioning one when needed. Passed to `send` rather
 * than a fixed `from`, so a failover provider can resolve the venue's number at the secondary provider.
 */
export type SenderResolver = (provider: string) => Promise<SenderResolution>

export interface SendSmsRequest {
  /** E.164. */
  to: string
  body: string
  sender: SenderResolver
  /** Status callback URL for delivery reports, when configured; providers replace `{provider}` with their name. */
  statusCallbackUrl?: string
  correlationId?: string
}

interface OutcomeBase {
  provider: string
  /** The sender used, when one was resolved. */
  sender?: Sender
  durationMs?: number
}

/**
 * Every provider outcome. Adapters map each SDK error into one of these; nothing SDK-shaped crosses the port.
 * `opted-out`, `invalid-recipient`, `rejected` and `configuration` are permanent: never retried, never failed
 * over. `transient` may succeed later or at another provider.
 */
export type SendOutcome =
  | (OutcomeBase & { kind: 'sent'; sender: Sender; providerMessageId: string })
  | (OutcomeBase & { kind: 'opted-out'; errorCode: string })
  | (OutcomeBase & { kind: 'invalid-recipient'; errorCode: string })
  | (OutcomeBase & { kind: 'rejected'; errorCode: string })
  | (OutcomeBase & { kind: 'configuration'; errorCode: string })
  /**
   * `ambiguous`: the request may have reached the provider and been accepted (a timeout after the request was
   * sent, a connection reset, a 500). Retrying it may send twice, so a failover never moves it to another
   * provider; the retry goes to the same provider after the backoff.
   */
  | (OutcomeBase & { kind: 'transient'; errorCode: string; retryAfterMs?: number; ambiguous?: boolean })

export type SendOutcomeKind = SendOutcome['kind']

export const PERMANENT_OUTCOMES: ReadonlySet<SendOutcomeKind> = new Set(['opted-out', 'invalid-recipient', 'rejected', 'configuration'])

export interface ProvisionRequest {
  venueId: number
  /** ISO 3166-1 alpha-2 country of the number to buy. */
  country: string
  areaCode?: string
  /** Inbound webhook URL to attach (Twilio `smsUrl`); Plivo attaches its configured application instead. */
  inboundWebhookUrl?: string
}

export type ProvisionOutcome =
  | { kind: 'provisioned'; provider: string; phoneNumber: string; providerId: string }
  | { kind: 'no-numbers'; provider: string; errorCode: string }
  | { kind: 'configuration'; provider: string; errorCode: string }
  | { kind: 'transient'; provider: string; errorCode: string; retryAfterMs?: number }

export type ReleaseOutcome =
  | { kind: 'released' }
  | { kind: 'not-found' }
  | { kind: 'configuration'; errorCode: string }
  | { kind: 'transient'; errorCode: string; retryAfterMs?: number }

/** An SMS provider: sends, buys and releases sender numbers. */
export interface SmsProvider {
  /** Stable lowercase name, stored with every send and number (`twilio`, `plivo`, `simulated`). */
  readonly name: string
  send(request: SendSmsRequest): Promise<SendOutcome>
  provisionNumber(request: ProvisionRequest): Promise<ProvisionOutcome>
  releaseNumber(number: { phoneNumber: string; providerId: string }): Promise<ReleaseOutcome>
}
