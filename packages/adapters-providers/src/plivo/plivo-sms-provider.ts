import { callbackUrlFor, maskPhoneNumber, silentLogger } from '@sms-notification/core'
import type {
  Logger,
  ProvisionOutcome,
  ProvisionRequest,
  ReleaseOutcome,
  SendOutcome,
  SendSmsRequest,
  SmsProvider,
} from '@sms-notification/core'
import plivo from 'plivo'
import { ConfigurationAlarm } from '../shared/configuration-alarm.js'
import { sendFailureOutcome, unresolvedSenderOutcome } from '../shared/failure-outcomes.js'
import type { ProviderFailure } from '../shared/provider-failure.js'
import { classifyPlivoError, plivoDefect } from './classify-plivo-error.js'
import { PlivoNumbers } from './plivo-numbers.js'
import { toPlivoNumber } from './plivo-phone-number.js'
import { DEFAULT_PLIVO_BASE_URL, DEFAULT_TIMEOUT_MS, type PlivoSmsProviderOptions } from './plivo-sms-provider-options.js'

/**
 * Sends through Plivo's Message API as the venue's own number. A STOP-blocked recipient is accepted here and
 * reported later by the status callback (ErrorCode 200), so `send` never returns `opted-out`.
 */
export class PlivoSmsProvider implements SmsProvider {
  readonly name = 'plivo'
  readonly #client: plivo.Client
  readonly #numbers: PlivoNumbers
  readonly #logger: Logger
  readonly #alarm: ConfigurationAlarm

  constructor(options: PlivoSmsProviderOptions) {
    if (!options.authId || !options.authToken) throw new Error('PlivoSmsProvider needs authId and authToken')
    this.#logger = (options.logger ?? silentLogger).child({ provider: this.name })
    this.#alarm = new ConfigurationAlarm(this.#logger, this.name)
    const base = (options.apiBaseUrl ?? DEFAULT_PLIVO_BASE_URL).replace(/\/+$/, '')
    this.#client = new plivo.Client(options.authId, options.authToken, {
      url: `${base}/v1/Account/${options.authId}`,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    })
    this.#numbers = new PlivoNumbers(this.#client, {
      searchLimit: options.searchLimit ?? 5,
      onFailure: (failure, operation) => this.#report(failure, operation),
      ...(options.applicationId ? { applicationId: options.applicationId } : {}),
    })
  }

  async send(request: SendSmsRequest): Promise<SendOutcome> {
    const resolution = await request.sender(this.name)
    if (resolution.kind !== 'sender') return unresolvedSenderOutcome(this.name, resolution)
    const { sender } = resolution
    const started = performance.now()
    let failure: ProviderFailure
    try {
      const response = await this.#client.messages.create(
        toPlivoNumber(sender.phoneNumber),
        toPlivoNumber(request.to),
        request.body,
        request.statusCallbackUrl ? { url: callbackUrlFor(request.statusCallbackUrl, this.name), method: 'POST' } : undefined,
      )
      const messageId = response.messageUuid?.[0]
      if (messageId) {
        return { kind: 'sent', provider: this.name, sender, providerMessageId: messageId, durationMs: elapsed(started) }
      }
      // Accepted without an id: Plivo lists the destination as invalid instead of failing the request. The SDK
      // stores that list as `invalid_number` although its types say `invalidNumber`.
      const invalid = (response as { invalid_number?: unknown }).invalid_number ?? response.invalidNumber
      failure =
        Array.isArray(invalid) && invalid.length > 0
          ? { kind: 'invalid-recipient', errorCode: 'plivo:invalid-dst' }
          : { kind: 'rejected', errorCode: 'plivo:no-message-uuid' }
    } catch (error) {
      const classified = classifyPlivoError(error)
      if (!classified) throw plivoDefect(error)
      failure = classified
    }
    this.#report(failure, 'send', { to: maskPhoneNumber(request.to), correlationId: request.correlationId })
    return sendFailureOutcome(this.name, failure, { sender, durationMs: elapsed(started) })
  }

  provisionNumber(request: ProvisionRequest): Promise<ProvisionOutcome> {
    return this.#numbers.provision(request)
  }

  releaseNumber(number: { phoneNumber: string; providerId: string }): Promise<ReleaseOutcome> {
    return this.#numbers.release(number.providerId || toPlivoNumber(number.phoneNumber))
  }

  #report(failure: ProviderFailure, operation: string, fields: Record<string, unknown> = {}): void {
    if (failure.kind === 'configuration') {
      this.#alarm.raise(failure.errorCode, operation)
      return
    }
    this.#logger.debug({ ...fields, operation, kind: failure.kind, errorCode: failure.errorCode }, 'provider call failed')
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started)
}
