import type { ProviderFailure } from './provider-failure.js'

/** Socket-level error codes that mean "the request may not have reached the provider; try again later". */
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

/** Axios reports its own request timeout (the one the adapters configure) as ECONNABORTED with this message. */
const TIMEOUT_MESSAGE = /timeout of \d+ms exceeded/i

/**
 * Classifies a network failure from an error code and message (axios errors carry `code`; plivo rejects with a
 * string that holds only the stack). Returns null when it does not look like a network failure.
 */
export function classifyNetworkFailure(code: unknown, message: string): ProviderFailure | null {
  if (TIMEOUT_MESSAGE.test(message) && (code === undefined || code === null || code === 'ECONNABORTED')) {
    return { kind: 'transient', errorCode: 'timeout' }
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return { kind: 'transient', errorCode: `network:${code}` }
  }
  if (code === undefined || code === null) {
    for (const candidate of message.match(/\b(E[A-Z_]{3,}|UND_ERR_[A-Z_]+)\b/g) ?? []) {
      if (NETWORK_CODES.has(candidate)) return { kind: 'transient', errorCode: `network:${candidate}` }
    }
    if (/socket hang up/i.test(message)) return { kind: 'transient', errorCode: 'network:ECONNRESET' }
  }
  return null
}
