import { callbackUrlFor } from '@sms-notification/core'
import type { ProvisionOutcome, ProvisionRequest, ReleaseOutcome } from '@sms-notification/core'
import type twilio from 'twilio'
import { provisionFailureOutcome, releaseFailureOutcome } from '../shared/failure-outcomes.js'
import type { ProviderFailure } from '../shared/provider-failure.js'
import { classifyTwilioError, twilioHttpError } from './classify-twilio-error.js'
import { withConnectionOverrides } from './connection-overrides.js'
import { TWILIO_NUMBER_UNAVAILABLE } from './twilio-error-codes.js'
import type { TwilioCallResult, TwilioHttpClient } from './twilio-http-client.js'

const PROVIDER = 'twilio'

export interface TwilioNumbersOptions {
  messagingServiceSid?: string
  inboundWebhookUrl?: string
  /** Already checked by `parseConnectionOverrides`. */
  connectionOverrides?: string | undefined
  searchLimit: number
  onFailure(failure: ProviderFailure, operation: string): void
}

/** Buys SMS-capable local numbers with the inbound webhook attached, and releases them. */
export class TwilioNumbers {
  constructor(
    private readonly client: twilio.Twilio,
    private readonly http: TwilioHttpClient,
    private readonly options: TwilioNumbersOptions,
  ) {}

  async provision(request: ProvisionRequest): Promise<ProvisionOutcome> {
    const areaCode = request.areaCode && /^\d{2,5}$/.test(request.areaCode) ? Number(request.areaCode) : undefined
    const search = await this.http.call(() =>
      this.client.availablePhoneNumbers(request.country.toUpperCase()).local.list({
        smsEnabled: true,
        limit: this.options.searchLimit,
        ...(areaCode === undefined ? {} : { areaCode }),
      }),
    )
    if (!search.ok) return this.#provisionFailure(search, 'search-numbers')
    if (search.value.length === 0) return { kind: 'no-numbers', provider: PROVIDER, errorCode: 'twilio:no-numbers' }

    const configured = request.inboundWebhookUrl ?? this.options.inboundWebhookUrl
    const smsUrl = configured ? withConnectionOverrides(callbackUrlFor(configured, PROVIDER), this.options.connectionOverrides) : undefined
    for (const candidate of search.value) {
      const bought = await this.http.call(() =>
        this.client.incomingPhoneNumbers.create({
          phoneNumber: candidate.phoneNumber,
          ...(smsUrl ? { smsUrl, smsMethod: 'POST' } : {}),
        }),
      )
      if (!bought.ok) {
        // Someone bought it between our search and our purchase: the next candidate may still be free.
        if (twilioHttpError(bought.error)?.code === TWILIO_NUMBER_UNAVAILABLE) continue
        return this.#provisionFailure(bought, 'buy-number')
      }
      const attached = await this.#attachToMessagingService(bought.value.sid)
      if (attached) {
        // A number outside the service cannot send under 10DLC: give it back rather than keep paying for it.
        await this.release(bought.value.sid)
        return attached
      }
      return { kind: 'provisioned', provider: PROVIDER, phoneNumber: bought.value.phoneNumber, providerId: bought.value.sid }
    }
    return { kind: 'no-numbers', provider: PROVIDER, errorCode: `twilio:${TWILIO_NUMBER_UNAVAILABLE}` }
  }

  async release(providerId: string): Promise<ReleaseOutcome> {
    const removed = await this.http.call(() => this.client.incomingPhoneNumbers(providerId).remove())
    if (removed.ok) return { kind: 'released' }
    if (twilioHttpError(removed.error)?.status === 404) return { kind: 'not-found' }
    const failure = this.#classify(removed, 'release-number')
    return releaseFailureOutcome(failure)
  }

  /** Returns the failure outcome, or null when attached (or no service is configured). */
  async #attachToMessagingService(phoneNumberSid: string): Promise<ProvisionOutcome | null> {
    const serviceSid = this.options.messagingServiceSid
    if (!serviceSid) return null
    const attached = await this.http.call(() => this.client.messaging.v1.services(serviceSid).phoneNumbers.create({ phoneNumberSid }))
    return attached.ok ? null : this.#provisionFailure(attached, 'attach-messaging-service')
  }

  #provisionFailure(result: Extract<TwilioCallResult<unknown>, { ok: false }>, operation: string): ProvisionOutcome {
    return provisionFailureOutcome(PROVIDER, this.#classify(result, operation))
  }

  #classify(result: Extract<TwilioCallResult<unknown>, { ok: false }>, operation: string): ProviderFailure {
    const failure = classifyTwilioError(result.error, result.retryAfter)
    if (!failure) throw result.error
    this.options.onFailure(failure, operation)
    return failure
  }
}
