import { callbackUrlFor } from '../ports/callback-url.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { MetricNames, type Metrics } from '../ports/metrics.js'
import type { SenderPacer } from '../ports/sender-pacer.js'
import type { Sender, SenderResolution, SenderResolver, SmsProvider } from '../ports/sms-provider.js'
import type { VenuePhoneNumberRepository } from '../ports/venue-phone-number-repository.js'

export interface VenueSenderOptions {
  numbers: VenuePhoneNumberRepository
  /** Providers by name, for provisioning at whichever provider asks for a sender. */
  providers: ReadonlyMap<string, SmsProvider>
  clock: Clock
  logger: Logger
  metrics: Metrics
  /** Country to buy numbers in when the venue has none. */
  provisionCountry: string
  inboundWebhookUrl?: string
  /** How long a provisioning claim holds before another worker may take over. */
  provisionLeaseMs: number
  /** How long to wait for another worker's provisioning before asking for a retry. */
  waitForOtherMs: number
  /** Paces sends per sender number; absent, sends go out as fast as they come. */
  pacing?: SenderPacing
}

/** Error code of a send deferred until its sender's next pacing slot. */
export const SENDER_PACED = 'sender_paced'

export interface SenderPacing {
  pacer: SenderPacer
  /** Time between two sends from one number: 1000 for a US long code (1 message/s). */
  intervalMs: number
  /** Longest in-process wait for a slot; a later slot makes the message come back then instead. */
  maxWaitMs: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Builds the `SenderResolver` for one send: the venue's active number at the asking provider, provisioned on
 * first use. Provisioning is claimed in the store first, so two first orders for a venue buy one number; the
 * loser waits briefly for the winner's number and otherwise asks for a retry.
 */
export function venueSenderResolver(venueId: number, options: VenueSenderOptions): SenderResolver {
  const resolve = senderWithoutPacing(venueId, options)
  if (!options.pacing) return resolve
  const pacing = options.pacing
  return async (providerName) => {
    const resolution = await resolve(providerName)
    return resolution.kind === 'sender' ? paced(resolution.sender, pacing, options) : resolution
  }
}

/**
 * Takes the sender's next slot and waits for it, so an on-sale burst leaves a venue's number at the rate the
 * carrier accepts instead of overflowing the provider's queue. A slot too far away sends the message back to
 * the queue until then.
 */
async function paced(sender: Sender, pacing: SenderPacing, options: VenueSenderOptions): Promise<SenderResolution> {
  const now = options.clock.now()
  const slot = await pacing.pacer.reserve(sender.venuePhoneNumberId, now, pacing.intervalMs, pacing.maxWaitMs)
  if (slot.kind === 'busy') {
    options.metrics.increment(MetricNames.paced, { outcome: 'deferred' })
    return { kind: 'unavailable', retryAfterMs: slot.retryAfterMs, errorCode: SENDER_PACED }
  }
  const waitMs = slot.at.getTime() - now.getTime()
  options.metrics.distribution(MetricNames.pacingWait, waitMs)
  if (waitMs > 0) await sleep(waitMs)
  return { kind: 'sender', sender }
}

function senderWithoutPacing(venueId: number, options: VenueSenderOptions): SenderResolver {
  return async (providerName: string): Promise<SenderResolution> => {
    const { numbers } = options
    const existing = await numbers.findActive(venueId, providerName)
    if (existing) return { kind: 'sender', sender: { venuePhoneNumberId: existing.id, phoneNumber: existing.phoneNumber } }

    const provider = options.providers.get(providerName)
    if (!provider) return { kind: 'failed', errorCode: `no_provider:${providerName}` }

    const claim = await numbers.claimProvisioning(venueId, providerName, options.provisionLeaseMs)
    if (claim.kind === 'busy') {
      const deadline = Date.now() + options.waitForOtherMs
      while (Date.now() < deadline) {
        await sleep(Math.min(100, options.waitForOtherMs))
        const found = await numbers.findActive(venueId, providerName)
        if (found) return { kind: 'sender', sender: { venuePhoneNumberId: found.id, phoneNumber: found.phoneNumber } }
      }
      return {
        kind: 'unavailable',
        retryAfterMs: Math.max(1_000, Math.min(claim.retryAfterMs, 30_000)),
        errorCode: 'provisioning_in_progress',
      }
    }

    try {
      // The winner of the claim may still find a number that a previous holder assigned just before dying.
      const raced = await numbers.findActive(venueId, providerName)
      if (raced) return { kind: 'sender', sender: { venuePhoneNumberId: raced.id, phoneNumber: raced.phoneNumber } }

      const log = options.logger.child({ venueId, provider: providerName })
      const bought = await provider.provisionNumber({
        venueId,
        country: options.provisionCountry,
        ...(options.inboundWebhookUrl ? { inboundWebhookUrl: callbackUrlFor(options.inboundWebhookUrl, providerName) } : {}),
      })
      switch (bought.kind) {
        case 'transient':
          log.warn({ errorCode: bought.errorCode }, 'provisioning a venue number failed for now')
          return { kind: 'unavailable', retryAfterMs: bought.retryAfterMs ?? 5_000, errorCode: bought.errorCode }
        case 'no-numbers':
        case 'configuration':
          log.error({ errorCode: bought.errorCode }, 'cannot provision a venue number')
          return { kind: 'failed', errorCode: bought.errorCode }
      }
      const assigned = await numbers.assign({
        venueId,
        phoneNumber: bought.phoneNumber,
        providerId: bought.providerId,
        provider: providerName,
        assignedAt: options.clock.now(),
      })
      if (assigned.kind === 'assigned') {
        options.metrics.increment(MetricNames.provisioned, { provider: providerName })
        log.info({ venuePhoneNumberId: assigned.number.id }, 'provisioned a venue number')
        return { kind: 'sender', sender: { venuePhoneNumberId: assigned.number.id, phoneNumber: assigned.number.phoneNumber } }
      }
      // Someone assigned a number by hand meanwhile: give back the one just bought.
      await provider.releaseNumber({ phoneNumber: bought.phoneNumber, providerId: bought.providerId })
      if (assigned.kind === 'venue-already-has-number') {
        return { kind: 'sender', sender: { venuePhoneNumberId: assigned.existing.id, phoneNumber: assigned.existing.phoneNumber } }
      }
      log.error({ errorCode: 'number_in_use' }, 'the provisioned number is active for another venue')
      return { kind: 'unavailable', retryAfterMs: 5_000, errorCode: 'number_in_use' }
    } finally {
      await numbers.finishProvisioning(venueId, providerName, claim.token)
    }
  }
}
