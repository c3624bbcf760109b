import type { ProviderFailure } from './provider-failure.js'

/** Socket-level error codes that mean "the request failed on the way; try again later". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ESOCKETTIMEDOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
])

/**
 * Failures that happen before a byte of the request can have left: no connection (refused, unreachable), no
 * address (DNS), or a connect timeout. Everything else in NETWORK_CODES may strike after the provider read the
 * request, so it is ambiguous.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
])

/**
 * Axios reports its own request timeout (the one the adapters configure) as ECONNABORTED with this message. It
 * runs from the start of the request, so it cannot tell a slow connect from a slow answer: always ambiguous.
 */
const TIMEOUT_MESSAGE = /timeout of \d+ms exceeded/i

/** Node names the failed syscall first: `connect ETIMEDOUT 10.0.0.1:443` never got a connection. */
const CONNECT_PHASE = /\bconnect (E[A-Z_]+)\b/

/**
 * Classifies a network failure from an error code and message (axios errors carry `code`; plivo rejects with a
 * string that holds only the stack). Returns null when it does not look like a network failure.
 */
export function classifyNetworkFailure(code: unknown, message: string): ProviderFailure | null {
  if (TIMEOUT_MESSAGE.test(message) && (code === undefined || code === null || code === 'ECONNABORTED')) {
    return { kind: 'transient', errorCode: 'timeout', ambiguous: true }
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return networkFailure(code, message)
  if (code === undefined || code === null) {
    for (const candidate of message.match(/\b(E[A-Z_]{3,}|UND_ERR_[A-Z_]+)\b/g) ?? []) {
      if (NETWORK_CODES.has(candidate)) return networkFailure(candidate, message)
    }
    // The peer closed the socket without answering: it may have processed the request first.
    if (/socket hang up/i.test(message)) return { kind: 'transient', errorCode: 'network:ECONNRESET', ambiguous: true }
  }
  return null
}

function networkFailure(code: string, message: string): ProviderFailure {
  const errorCode = `network:${code}`
  const notSent = NOT_SENT_CODES.has(code) || CONNECT_PHASE.exec(message)?.[1] === code
  return notSent ? { kind: 'transient', errorCode } : { kind: 'transient', errorCode, ambiguous: true }
}

/**
 * Whether an HTTP error status may hide an accepted request. A 500 (or any 5xx but the gateway ones) can come
 * after the provider queued the message; 502/503/504 come from a proxy or an overloaded front that did not pass
 * it on, and 4xx (including 429) are refusals.
 */
export function isAmbiguousHttpStatus(status: number): boolean {
  return status >= 500 && status !== 502 && status !== 503 && status !== 504
}
