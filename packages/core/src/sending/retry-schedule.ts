export interface RetrySchedule {
  /** Delay before the first retry. */
  baseMs: number
  /** No delay grows past this. */
  maxMs: number
}

export const defaultRetrySchedule: RetrySchedule = { baseMs: 2_000, maxMs: 5 * 60_000 }

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so retries of an
 * on-sale burst spread out but none comes back sooner than half its step. `attempt` is the attempt that failed
 * (1-based). A provider's own Retry-After wins when it asks for longer.
 */
export function retryDelay(
  attempt: number,
  schedule: RetrySchedule = defaultRetrySchedule,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.max(0, attempt - 1))
  const jittered = Math.round(step / 2 + random() * (step / 2))
  return Math.min(schedule.maxMs, Math.max(jittered, retryAfterMs ?? 0))
}
