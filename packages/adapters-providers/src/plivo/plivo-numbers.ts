import type { ProvisionOutcome, ProvisionRequest, ReleaseOutcome } from '@sms-notification/core'
import type plivo from 'plivo'
import { provisionFailureOutcome, releaseFailureOutcome } from '../shared/failure-outcomes.js'
import type { ProviderFailure } from '../shared/provider-failure.js'
import { classifyPlivoError, plivoDefect, plivoHttpStatus } from './classify-plivo-error.js'
import { fromPlivoNumber } from './plivo-phone-number.js'

const PROVIDER = 'plivo'

export interface PlivoNumbersOptions {
  applicationId?: string
  searchLimit: number
  onFailure(failure: ProviderFailure, operation: string): void
}

/**
 * Buys SMS-capable local numbers linked to the configured Plivo Application (which holds the inbound URL), and
 * releases them. The provider id of a Plivo number is the number itself (digits, as Plivo spells it).
 */
export class PlivoNumbers {
  constructor(
    private readonly client: plivo.Client,
    private readonly options: PlivoNumbersOptions,
  ) {}

  async provision(request: ProvisionRequest): Promise<ProvisionOutcome> {
    let candidates: Array<{ number: string }>
    try {
      // Runtime keys are camelCase (the SDK snake-cases them); `pattern` matches the digits after the country code.
      candidates = await this.client.numbers.search(request.country.toUpperCase(), {
        type: 'local',
        services: 'sms',
        limit: this.options.searchLimit,
        ...(request.areaCode && /^\d+$/.test(request.areaCode) ? { pattern: request.areaCode } : {}),
      })
    } catch (error) {
      return provisionFailureOutcome(PROVIDER, this.#classify(error, 'search-numbers'))
    }
    if (candidates.length === 0) return { kind: 'no-numbers', provider: PROVIDER, errorCode: 'plivo:no-numbers' }

    let lastFailure: ProviderFailure | undefined
    for (const candidate of candidates) {
      try {
        await this.client.numbers.buy(candidate.number, this.options.applicationId)
        return { kind: 'provisioned', provider: PROVIDER, phoneNumber: fromPlivoNumber(candidate.number), providerId: candidate.number }
      } catch (error) {
        lastFailure = this.#classify(error, 'buy-number')
        // A number sold between search and purchase answers 404/400; only those are worth the next candidate.
        if (lastFailure.kind !== 'rejected' && lastFailure.kind !== 'invalid-recipient') break
      }
    }
    return provisionFailureOutcome(PROVIDER, lastFailure ?? { kind: 'rejected', errorCode: 'plivo:no-numbers' })
  }

  async release(providerId: string): Promise<ReleaseOutcome> {
    try {
      await this.client.numbers.unrent(providerId)
      return { kind: 'released' }
    } catch (error) {
      if (plivoHttpStatus(error) === 404) return { kind: 'not-found' }
      return releaseFailureOutcome(this.#classify(error, 'release-number'))
    }
  }

  #classify(error: unknown, operation: string): ProviderFailure {
    const failure = classifyPlivoError(error)
    if (!failure) throw plivoDefect(error)
    this.options.onFailure(failure, operation)
    return failure
  }
}
