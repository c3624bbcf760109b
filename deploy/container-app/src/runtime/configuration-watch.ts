import {
  FailoverSmsProvider,
  noopMetrics,
  silentLogger,
  type Clock,
  type Logger,
  type Metrics,
  type ProvisionOutcome,
  type SendOutcome,
  type SmsProvider,
} from '@sms-notification/core'
import type { HealthCheck } from '../app-deps.js'

const WINDOW_MS = 5 * 60_000

/** Counted for every `configuration` outcome, tagged with provider, error code and whether it is provider-wide. */
export const CONFIGURATION_OUTCOME_METRIC = 'sms.provider.configuration_error.total'

/**
 * Error codes meaning the provider rejects this service as a whole (bad or revoked credentials, a closed
 * account): every send fails until a person fixes the deployment. These are the exact `errorCode` strings the
 * provider adapters emit (`classify-twilio-error.ts`, `classify-plivo-error.ts`).
 */
const CREDENTIAL_FAILURES: ReadonlySet<string> = new Set([
  'http:401', // Twilio or Plivo answered 401 without a more specific code
  'http:403',
  'twilio:20003', // authentication failed
  'twilio:20005', // account not active
])

/** True for the provider-wide credential failures that take a replica out of ingress. */
export function isCredentialFailure(errorCode: string): boolean {
  return CREDENTIAL_FAILURES.has(errorCode)
}

export interface ConfigurationWatchOptions {
  logger?: Logger
  metrics?: Metrics
}

/**
 * Watches the provider's answers for configuration failures. Only provider-wide credential failures fail the
 * `configuration` readiness check (for five minutes, or until a send succeeds): one unverified recipient, one
 * venue's misconfigured number or an empty number pool is a `configuration` outcome too, and letting it fail
 * readiness would take every replica out of ingress for one bad message. Those are logged and counted only.
 */
export class ConfigurationWatch {
  #last: { errorCode: string; at: number } | undefined
  readonly #logger: Logger
  readonly #metrics: Metrics

  constructor(
    private readonly clock: Clock,
    options: ConfigurationWatchOptions = {},
  ) {
    this.#logger = options.logger ?? silentLogger
    this.#metrics = options.metrics ?? noopMetrics
  }

  /**
   * The provider with its send and provisioning outcomes watched. A failover pair is rebuilt around watched
   * members (with this watch's logger and metrics): the core unpacks a failover into its members
   * (`providersByName`) to provision numbers, so a pair watched only as a whole would let a provisioning
   * credential failure through unseen.
   */
  wrap(provider: SmsProvider): SmsProvider {
    const members = (provider as Partial<FailoverSmsProvider>).members
    if (members && members.length > 0) {
      const [primary, secondary] = members
      if (members.length !== 2 || !primary || !secondary)
        throw new Error('ConfigurationWatch.wrap: a failover must have exactly two members')
      return new FailoverSmsProvider(this.wrap(primary), this.wrap(secondary), { logger: this.#logger, metrics: this.#metrics })
    }
    const send = provider.send.bind(provider)
    const provision = provider.provisionNumber.bind(provider)
    const watched = Object.create(provider) as SmsProvider
    Object.defineProperty(watched, 'send', {
      value: async (...args: Parameters<SmsProvider['send']>): Promise<SendOutcome> => {
        const outcome = await send(...args)
        if (outcome.kind === 'configuration') this.#observe(outcome.provider ?? provider.name, outcome.errorCode, 'send')
        else if (outcome.kind === 'sent') this.#last = undefined
        return outcome
      },
    })
    Object.defineProperty(watched, 'provisionNumber', {
      value: async (...args: Parameters<SmsProvider['provisionNumber']>): Promise<ProvisionOutcome> => {
        const outcome = await provision(...args)
        if (outcome.kind === 'configuration') this.#observe(outcome.provider, outcome.errorCode, 'provision')
        return outcome
      },
    })
    Object.defineProperty(watched, 'releaseNumber', { value: provider.releaseNumber.bind(provider) })
    return watched
  }

  check(): HealthCheck {
    return {
      name: 'configuration',
      check: async () => {
        const last = this.#last
        if (last && this.clock.now().getTime() - last.at < WINDOW_MS) {
          return { ok: false, detail: `provider rejected the credentials (${last.errorCode})` }
        }
        return { ok: true }
      },
    }
  }

  #observe(provider: string, errorCode: string, operation: 'send' | 'provision'): void {
    const credential = isCredentialFailure(errorCode)
    this.#metrics.increment(CONFIGURATION_OUTCOME_METRIC, { provider, error_code: errorCode, operation, provider_wide: credential })
    if (credential) {
      this.#last = { errorCode, at: this.clock.now().getTime() }
      this.#logger.error({ provider, errorCode, operation }, 'provider rejected the credentials; readiness fails until a send succeeds')
    } else {
      // Per recipient or per number (unverified To, a venue's bad From, nothing to buy): the message fails, the replica stays ready.
      this.#logger.warn({ provider, errorCode, operation }, 'provider rejected one message or number as misconfigured')
    }
  }
}
