export type FakeProvider = 'twilio' | 'plivo'

export type FakeOperation = 'send' | 'search-numbers' | 'buy-number' | 'release-number' | 'attach-messaging-service'

/**
 * A scripted answer. Without `body`, an error body in the provider's own shape is built from `status`, `code`
 * and `message` (Twilio `{ code, message, more_info, status }`, Plivo `{ api_id, error }`).
 */
export interface FakeResponse {
  /** HTTP status. Default 400. */
  status?: number
  /** Twilio error code (e.g. 21610). */
  code?: number
  /** Error text (Twilio `message`, Plivo `error`). */
  message?: string
  headers?: Record<string, string>
  /** Raw JSON body, replacing the built one. */
  body?: unknown
  /** Wait this long before answering (longer than the client's timeout simulates a timeout). */
  delayMs?: number
  /** Destroy the connection without answering. */
  reset?: boolean
  /** Answer this way this many times, then behave normally again. Default: until `clearScripts()`. */
  times?: number
}

export interface RecordedRequest {
  provider: FakeProvider | null
  operation: FakeOperation | null
  method: string
  path: string
  query: Record<string, string>
  /** Parsed form or JSON body. */
  params: Record<string, unknown>
  /** Whether the Basic credentials matched the account in the path. */
  authorized: boolean
  at: Date
}

export interface AcceptedMessage {
  provider: FakeProvider
  id: string
  /** E.164. */
  from: string
  /** E.164. */
  to: string
  body: string
  statusCallbackUrl?: string
}

export interface RentedNumber {
  provider: FakeProvider
  /** E.164. */
  phoneNumber: string
  /** Twilio PN… sid, or the Plivo number digits. */
  providerId: string
  smsUrl?: string
  applicationId?: string
  messagingServiceSid?: string
}

export interface FakeCredentials {
  twilio: { accountSid: string; authToken: string }
  plivo: { authId: string; authToken: string }
}

export interface FakeProviderServerOptions {
  /** Default 0 (any free port). The server listens on 127.0.0.1 only. */
  port?: number
  credentials?: Partial<FakeCredentials>
}

export interface FakeProviderServer {
  /** `http://127.0.0.1:<port>`: the API base URL for both adapters. */
  readonly url: string
  readonly credentials: FakeCredentials
  /** Every request received, oldest first (live). */
  readonly requests: readonly RecordedRequest[]
  /** Messages the fake accepted, oldest first (live). */
  readonly accepted: readonly AcceptedMessage[]
  /** Numbers currently rented (live). */
  readonly rented: ReadonlyMap<string, RentedNumber>
  /** Scripts the answer to sends to `recipient` (E.164 or Plivo digits), for both providers. */
  script(recipient: string, response: FakeResponse): void
  /** Scripts the answer to a numbers operation, optionally for one provider only. */
  scriptOperation(operation: Exclude<FakeOperation, 'send'>, response: FakeResponse, provider?: FakeProvider): void
  /** Replaces the numbers for sale in `country` (E.164). By default US and CA sell fictional 555-01XX numbers. */
  setInventory(country: string, numbers: string[]): void
  clearScripts(): void
  /** Forgets requests, accepted messages, rented numbers, scripts and inventories. */
  reset(): void
  close(): Promise<void>
}
