import { normalizePhoneNumber } from '../phone/e164.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { SmsProvider } from '../ports/sms-provider.js'
import type { AssignNumberResult, VenuePhoneNumber, VenuePhoneNumberRepository } from '../ports/venue-phone-number-repository.js'
import { providersByName } from './failover-sms-provider.js'

export type AssignRequestResult = AssignNumberResult | { kind: 'invalid-phone' }

export type ReleaseResult =
  | { kind: 'released'; number: VenuePhoneNumber }
  | { kind: 'not-found' }
  | { kind: 'provider-error'; errorCode: string }

/** Operations on venue sender numbers: list, assign an existing number, release (at the provider too). */
export class VenueNumberService {
  readonly #providers: Map<string, SmsProvider>

  constructor(
    private readonly deps: {
      numbers: VenuePhoneNumberRepository
      provider: SmsProvider
      clock: Clock
      logger: Logger
      defaultRegion: string
    },
  ) {
    this.#providers = providersByName(deps.provider)
  }

  list(venueId: number): Promise<VenuePhoneNumber[]> {
    return this.deps.numbers.listByVenue(venueId)
  }

  async assign(request: { venueId: number; phoneNumber: string; provider: string; providerId: string }): Promise<AssignRequestResult> {
    const phone = normalizePhoneNumber(request.phoneNumber, this.deps.defaultRegion)
    if (!phone.ok) return { kind: 'invalid-phone' }
    return this.deps.numbers.assign({ ...request, phoneNumber: phone.e164, assignedAt: this.deps.clock.now() })
  }

  /**
   * Releases the number at its provider, then marks it released. A provider that no longer knows the number is
   * fine; a provider error leaves the number active so the release can be tried again.
   */
  async release(venueId: number, id: number): Promise<ReleaseResult> {
    const number = await this.deps.numbers.getById(id)
    if (!number || number.venueId !== venueId || number.status !== 'active') return { kind: 'not-found' }
    const provider = this.#providers.get(number.provider)
    if (provider) {
      const r = await provider.releaseNumber({ phoneNumber: number.phoneNumber, providerId: number.providerId })
      if (r.kind === 'transient' || r.kind === 'configuration') {
        this.deps.logger.warn({ venueId, venuePhoneNumberId: id, errorCode: r.errorCode }, 'provider did not release the number')
        return { kind: 'provider-error', errorCode: r.errorCode }
      }
    }
    const released = await this.deps.numbers.release(id, this.deps.clock.now())
    return released ? { kind: 'released', number: released } : { kind: 'not-found' }
  }
}
