/** Longest wait honoured from a provider's Retry-After; anything longer is treated as this (a bad header must not park a message for days). */
const MAX_RETRY_AFTER_MS = 15 * 60 * 1000

/**
 * Parses an HTTP Retry-After value (delay in seconds or an HTTP date, RFC 9110 section 10.2.3) into
 * milliseconds from `now`. Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined
  const text = String(raw).trim()
  if (text === '') return undefined
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Math.round(Number(text) * 1000), MAX_RETRY_AFTER_MS)
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS)
}
