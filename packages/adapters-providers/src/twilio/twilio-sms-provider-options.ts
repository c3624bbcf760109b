import type { Logger } from '@sms-notification/core'

export interface TwilioSmsProviderOptions {
  accountSid: string
  authToken: string
  /**
   * Sends every API call to this base instead of `https://<twilio host>` (e.g. `TWILIO_API_BASE_URL` pointing
   * at the local fake provider). Paths and queries are kept.
   */
  apiBaseUrl?: string
  /** Per-request timeout; the SDK's own default (30 s) would hold a message lock far too long. Default 10 000. */
  timeoutMs?: number
  /** When set, bought numbers join this Messaging Service (US A2P 10DLC sending needs it). */
  messagingServiceSid?: string
  /** Inbound (STOP/START) webhook attached to bought numbers when the provisioning request names none. */
  inboundWebhookUrl?: string
  /**
   * Twilio connection overrides appended to the inbound webhook URL of bought numbers as its fragment
   * (`key=value&key=value`, without `#`). Twilio does not retry an inbound-SMS webhook that fails unless told to
   * here (retry count `rc`, retry policy `rp`; take the values from Twilio's "Webhook connection overrides" page).
   * Unset by default: the URL is attached as configured. The fragment is not signed, so signature checks are
   * unaffected.
   */
  inboundWebhookConnectionOverrides?: string
  /** How many candidates a number search asks for; later ones are tried when an earlier one was just sold. */
  searchLimit?: number
  logger?: Logger
}

export const DEFAULT_TIMEOUT_MS = 10_000
