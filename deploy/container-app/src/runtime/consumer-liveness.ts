import type { Clock } from '@sms-notification/core'
import type { HealthCheck } from '../app-deps.js'
import type { ConsumerStatusView } from './transport.js'

export interface ConsumerLivenessOptions {
  status: () => ConsumerStatusView
  clock: Clock
  /** How long the consumer may stay `failed` before liveness fails (LIVENESS_CONSUMER_FAILED_MS). */
  failedForMs: number
}

/**
 * Liveness of the queue consumer. A consumer that stopped itself on a fatal transport error stays `failed`: the
 * process still answers, so without this the replica would be out of ingress (readiness) but never restarted.
 * Once it has been failed for `failedForMs`, liveness fails and the platform restarts the replica. A consumer
 * that was stopped on purpose (shutdown) is not failed.
 */
export class ConsumerLiveness {
  #failedSeenAt: number | undefined

  constructor(private readonly options: ConsumerLivenessOptions) {}

  check(): HealthCheck {
    return {
      name: 'queueConsumer',
      check: async () => {
        const status = this.options.status()
        const now = this.options.clock.now().getTime()
        if (status.state !== 'failed') {
          this.#failedSeenAt = undefined
          return { ok: true }
        }
        this.#failedSeenAt ??= now
        // The consumer records when the fatal error happened; a probe may only see it later.
        const since = Math.min(status.lastError?.at?.getTime() ?? now, this.#failedSeenAt)
        const failedMs = now - since
        if (failedMs < this.options.failedForMs) return { ok: true }
        const code = status.lastError ? ` (${status.lastError.code})` : ''
        return { ok: false, detail: `queue consumer failed ${Math.round(failedMs / 1000)} s ago${code} and did not recover` }
      },
    }
  }
}
