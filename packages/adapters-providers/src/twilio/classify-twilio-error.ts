import { classifyNetworkFailure, isAmbiguousHttpStatus } from '../shared/network-failure.js'
import type { ProviderFailure } from '../shared/provider-failure.js'
import { parseRetryAfter } from '../shared/retry-after.js'
import { TWILIO_CONFIGURATION, TWILIO_INVALID_RECIPIENT, TWILIO_OPTED_OUT, TWILIO_TRANSIENT } from './twilio-error-codes.js'

/** The fields of the SDK's RestException / TwilioServiceException that decide the outcome (never `message`). */
export interface TwilioHttpErrorShape {
  status: number
  code?: number
}

export function twilioHttpError(error: unknown): TwilioHttpErrorShape | null {
  if (typeof error !== 'object' || error === null) return null
  const { status, code, isAxiosError } = error as { status?: unknown; code?: unknown; isAxiosError?: unknown }
  if (isAxiosError === true || typeof status !== 'number') return null
  return typeof code === 'number' && code > 0 ? { status, code } : { status }
}

/**
 * Maps an error thrown by the Twilio SDK to a port outcome. Returns null for anything that is neither an HTTP
 * answer nor a network failure: that is a defect (a bug, a bad argument) and the caller rethrows it.
 */
export function classifyTwilioError(error: unknown, retryAfter?: unknown): ProviderFailure | null {
  const http = twilioHttpError(error)
  if (http) return classifyHttp(http, retryAfter)
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown }
    return classifyNetworkFailure(code, typeof message === 'string' ? message : '')
  }
  return null
}

function classifyHttp({ status, code }: TwilioHttpErrorShape, retryAfter: unknown): ProviderFailure {
  const errorCode = code === undefined ? `http:${status}` : `twilio:${code}`
  if (code === TWILIO_OPTED_OUT) return { kind: 'opted-out', errorCode }
  if (code !== undefined && TWILIO_INVALID_RECIPIENT.has(code)) return { kind: 'invalid-recipient', errorCode }
  if (status === 429 || status >= 500 || (code !== undefined && TWILIO_TRANSIENT.has(code))) {
    // A 503 may carry Retry-After as well as a 429.
    const retryAfterMs = parseRetryAfter(retryAfter)
    return {
      kind: 'transient',
      errorCode,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(isAmbiguousHttpStatus(status) ? { ambiguous: true as const } : {}),
    }
  }
  if (status === 401 || status === 403 || (code !== undefined && TWILIO_CONFIGURATION.has(code))) {
    return { kind: 'configuration', errorCode }
  }
  return { kind: 'rejected', errorCode }
}
