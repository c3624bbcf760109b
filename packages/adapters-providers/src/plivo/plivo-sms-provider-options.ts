import type { Logger } from '@sms-notification/core'

export interface PlivoSmsProviderOptions {
  authId: string
  authToken: string
  /** API origin, e.g. `PLIVO_API_BASE_URL` pointing at the local fake provider. Default `https://api.plivo.com`. */
  apiBaseUrl?: string
  /** Per-request timeout. The SDK has none by default, so one is always set. Default 10 000. */
  timeoutMs?: number
  /** Plivo Application (inbound SMS URL) linked to every bought number. */
  applicationId?: string
  /** How many candidates a number search asks for. */
  searchLimit?: number
  logger?: Logger
}

export const DEFAULT_PLIVO_BASE_URL = 'https://api.plivo.com'
export const DEFAULT_TIMEOUT_MS = 10_000
