import type { Logger } from '../ports/logger.js'
import { silentLogger } from '../ports/logger.js'
import { MetricNames, noopMetrics, type Metrics } from '../ports/metrics.js'
import { SENDER_PACED } from './venue-sender-resolver.js'
import type { ProvisionOutcome, ProvisionRequest, ReleaseOutcome, SendOutcome, SendSmsRequest, SmsProvider } from '../ports/sms-provider.js'

/**
 * A primary and a secondary provider. A send moves to the secondary only when the primary failed transiently
 * in a way that certainly sent nothing (429, 502/503/504, connection refused, its sender number not ready); an
 * ambiguous failure (a timeout after the request went out, a 500) is retried at the primary, never failed over. A permanent answer (opted out, invalid
 * number, rejected, configuration) is the answer: retrying it elsewhere could message someone who said STOP.
 * The secondary sends from the venue's own number at the secondary provider.
 */
export class FailoverSmsProvider implements SmsProvider {
  readonly name: string
  readonly members: readonly SmsProvider[]

  constructor(
    private readonly primary: SmsProvider,
    private readonly secondary: SmsProvider,
    private readonly options: { logger?: Logger; metrics?: Metrics } = {},
  ) {
    if (primary.name === secondary.name) throw new Error('failover needs two different providers')
    this.name = primary.name
    this.members = [primary, secondary]
  }

  async send(request: SendSmsRequest): Promise<SendOutcome> {
    const first = await this.primary.send(request)
    // An ambiguous failure (a timeout after the request went out) may have been sent: another provider would
    // make it two SMS. The retry goes back to the primary instead.
    // A paced sender is not down: its number is busy for a moment, and the other provider would buy the venue a
    // second number to get around the pacing.
    if (first.kind !== 'transient' || first.ambiguous || first.errorCode === SENDER_PACED) return first
    ;(this.options.metrics ?? noopMetrics).increment(MetricNames.failover, {
      from: this.primary.name,
      to: this.secondary.name,
      error_code: first.errorCode,
    })
    ;(this.options.logger ?? silentLogger).warn(
      { from: this.primary.name, to: this.secondary.name, errorCode: first.errorCode, correlationId: request.correlationId },
      'primary provider failed transiently; failing over',
    )
    const second = await this.secondary.send(request)
    // The secondary's number being paced says nothing about the primary's failure, which is the one to retry
    // (and to count toward the attempts).
    if (second.kind === 'transient' && second.errorCode === SENDER_PACED) return first
    // When both are down, report the shorter wait so the retry comes back as soon as either may work.
    if (second.kind === 'transient') {
      const waits = [first.retryAfterMs, second.retryAfterMs].filter((x): x is number => x !== undefined)
      return waits.length > 0 ? { ...second, retryAfterMs: Math.min(...waits) } : second
    }
    return second
  }

  provisionNumber(request: ProvisionRequest): Promise<ProvisionOutcome> {
    return this.primary.provisionNumber(request)
  }

  releaseNumber(number: { phoneNumber: string; providerId: string }): Promise<ReleaseOutcome> {
    return this.primary.releaseNumber(number)
  }
}

/** Providers addressable by name, unpacking a failover pair into its members. */
export function providersByName(provider: SmsProvider): Map<string, SmsProvider> {
  const members = (provider as Partial<FailoverSmsProvider>).members
  const list = members && members.length > 0 ? members.flatMap((m) => [...providersByName(m).values()]) : [provider]
  return new Map(list.map((p) => [p.name, p]))
}
