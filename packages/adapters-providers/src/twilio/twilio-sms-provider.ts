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
import twilio from 'twilio'
import { ConfigurationAlarm } from '../shared/configuration-alarm.js'
import { sendFailureOutcome, unresolvedSenderOutcome } from '../shared/failure-outcomes.js'
import type { ProviderFailure } from '../shared/provider-failure.js'
import { classifyTwilioError } from './classify-twilio-error.js'
import { parseConnectionOverrides } from './connection-overrides.js'
import { TwilioHttpClient } from './twilio-http-client.js'
import { TwilioNumbers } from './twilio-numbers.js'
import { DEFAULT_TIMEOUT_MS, type TwilioSmsProviderOptions } from './twilio-sms-provider-options.js'

/** Sends through Twilio's Messages API as the venue's own number; maps every SDK error to a port outcome. */
export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'twilio'
  readonly #client: twilio.Twilio
  readonly #http: TwilioHttpClient
  readonly #numbers: TwilioNumbers
  readonly #logger: Logger
  readonly #alarm: ConfigurationAlarm

  constructor(options: TwilioSmsProviderOptions) {
    if (!options.accountSid || !options.authToken) throw new Error('TwilioSmsProvider needs accountSid and authToken')
    this.#logger = (options.logger ?? silentLogger).child({ provider: this.name })
    this.#alarm = new ConfigurationAlarm(this.#logger, this.name)
    this.#http = new TwilioHttpClient({
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.apiBaseUrl ? { baseUrl: options.apiBaseUrl } : {}),
    })
    this.#client = twilio(options.accountSid, options.authToken, { httpClient: this.#http, autoRetry: false })
    this.#numbers = new TwilioNumbers(this.#client, this.#http, {
      onFailure: (failure, operation) => this.#report(failure, operation),
      searchLimit: options.searchLimit ?? 5,
      ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : {}),
      ...(options.inboundWebhookUrl ? { inboundWebhookUrl: options.inboundWebhookUrl } : {}),
      connectionOverrides: parseConnectionOverrides(options.inboundWebhookConnectionOverrides),
    })
  }

  async send(request: SendSmsRequest): Promise<SendOutcome> {
    const resolution = await request.sender(this.name)
    if (resolution.kind !== 'sender') return unresolvedSenderOutcome(this.name, resolution)
    const { sender } = resolution
    const started = performance.now()
    const result = await this.#http.call(() =>
      this.#client.messages.create({
        from: sender.phoneNumber,
        to: request.to,
        body: request.body,
        ...(request.statusCallbackUrl ? { statusCallback: callbackUrlFor(request.statusCallbackUrl, this.name) } : {}),
      }),
    )
    const durationMs = Math.round(performance.now() - started)
    if (result.ok) return { kind: 'sent', provider: this.name, sender, providerMessageId: result.value.sid, durationMs }
    const failure = classifyTwilioError(result.error, result.retryAfter)
    if (!failure) throw result.error
    this.#report(failure, 'send', { to: maskPhoneNumber(request.to), correlationId: request.correlationId })
    return sendFailureOutcome(this.name, failure, { sender, durationMs })
  }

  provisionNumber(request: ProvisionRequest): Promise<ProvisionOutcome> {
    return this.#numbers.provision(request)
  }

  releaseNumber(number: { phoneNumber: string; providerId: string }): Promise<ReleaseOutcome> {
    return this.#numbers.release(number.providerId)
  }

  #report(failure: ProviderFailure, operation: string, fields: Record<string, unknown> = {}): void {
    if (failure.kind === 'configuration') {
      this.#alarm.raise(failure.errorCode, operation)
      return
    }
    this.#logger.debug({ ...fields, operation, kind: failure.kind, errorCode: failure.errorCode }, 'provider call failed')
  }
}
