/**
 * Delay before retry number `retry` (1-based): exponential from `baseMs` with "equal jitter", so replicas
 * retrying together spread out while the wait never drops below half the step. A `Retry-After` the service
 * sent wins when it is longer, capped so the provider's own webhook timeout is not blown.
 */
export function backoffDelay(retry: number, baseMs: number, retryAfterMs: number | null, random = Math.random): number {
  const step = baseMs * 2 ** (retry - 1)
  const jittered = step / 2 + random() * (step / 2)
  const wanted = retryAfterMs === null ? jittered : Math.max(jittered, retryAfterMs)
  return Math.min(wanted, MAX_DELAY_MS)
}

const MAX_DELAY_MS = 2000

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}
