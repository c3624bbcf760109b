import type { Clock, SendOutcome, SmsProvider } from '@sms-notification/core'
import type { HealthCheck } from '../app-deps.js'

const WINDOW_MS = 5 * 60_000

/**
 * Watches the provider's answers for configuration failures (bad credentials, unverified sender). While one was
 * seen in the last five minutes the `configuration` readiness check fails, naming the error code, so a broken
 * deployment shows up in health probes and not only in logs.
 */
export class ConfigurationWatch {
  #last: { errorCode: string; at: number } | undefined

  constructor(private readonly clock: Clock) {}

  wrap(provider: SmsProvider): SmsProvider {
    const send = provider.send.bind(provider)
    const watched = Object.create(provider) as SmsProvider
    Object.defineProperty(watched, 'send', {
      value: async (...args: Parameters<SmsProvider['send']>): Promise<SendOutcome> => {
        const outcome = await send(...args)
        if (outcome.kind === 'configuration') this.#last = { errorCode: outcome.errorCode, at: this.clock.now().getTime() }
        else if (outcome.kind === 'sent') this.#last = undefined
        return outcome
      },
    })
    for (const method of ['provisionNumber', 'releaseNumber'] as const) {
      Object.defineProperty(watched, method, { value: (provider[method] as (...a: unknown[]) => unknown).bind(provider) })
    }
    return watched
  }

  check(): HealthCheck {
    return {
      name: 'configuration',
      check: async () => {
        const last = this.#last
        if (last && this.clock.now().getTime() - last.at < WINDOW_MS) {
          return { ok: false, detail: `provider rejected the configuration (${last.errorCode})` }
        }
        return { ok: true }
      },
    }
  }
}
