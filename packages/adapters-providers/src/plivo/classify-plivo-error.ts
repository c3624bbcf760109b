import { classifyNetworkFailure, isAmbiguousHttpStatus } from '../shared/network-failure.js'
import type { ProviderFailure } from '../shared/provider-failure.js'

/**
 * The HTTP status of a plivo SDK error. Its error classes fail `instanceof` (Babel-compiled subclasses of Error)
 * and some statuses (429, 502-504) arrive as a plain Error whose only trace is the axios message, so both shapes
 * are read. `moreInfo` (the request body, i.e. the message text) is never looked at.
 */
export function plivoHttpStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null
  const { status, message } = error as { status?: unknown; message?: unknown }
  if (typeof status === 'number') return status
  const match = typeof message === 'string' ? /status code (\d{3})\b/.exec(message) : null
  return match ? Number(match[1]) : null
}

/** Only the fixed words of Plivo's `error` field are matched; the text itself never leaves this function. */
function classifyBadRequest(error: unknown): ProviderFailure {
  const reason = (error as { message?: unknown }).message
  const text = typeof reason === 'string' ? reason : ''
  if (/\b(dst|destination)\b/i.test(text)) return { kind: 'invalid-recipient', errorCode: 'plivo:invalid-dst' }
  if (/\b(src|source)\b/i.test(text)) return { kind: 'configuration', errorCode: 'plivo:invalid-src' }
  return { kind: 'rejected', errorCode: 'http:400' }
}

/**
 * Maps a rejection of the plivo SDK to a port outcome. Returns null for a defect (argument validation, a bug),
 * which the caller throws. A synchronous send never yields `opted-out`: Plivo reports STOP-blocked sends later,
 * in the status callback (ErrorCode 200).
 */
export function classifyPlivoError(error: unknown): ProviderFailure | null {
  // Network failures and timeouts reject with the axios stack as a plain string.
  if (typeof error === 'string') return classifyNetworkFailure(undefined, error)
  const status = plivoHttpStatus(error)
  if (status !== null) {
    const errorCode = `http:${status}`
    if (isAmbiguousHttpStatus(status)) return { kind: 'transient', errorCode, ambiguous: true }
    if (status === 429 || status >= 500) return { kind: 'transient', errorCode }
    if (status === 401 || status === 403) return { kind: 'configuration', errorCode }
    if (status === 400) return classifyBadRequest(error)
    return { kind: 'rejected', errorCode }
  }
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown }
    return classifyNetworkFailure(code, typeof message === 'string' ? message : '')
  }
  return null
}

/** A plivo rejection that is not an expected outcome, as an Error whose text holds no request body. */
export function plivoDefect(error: unknown): Error {
  if (error instanceof Error) return error
  const firstLine = String(error).split('\n', 1)[0] ?? ''
  return new Error(`plivo request failed: ${firstLine}`)
}
