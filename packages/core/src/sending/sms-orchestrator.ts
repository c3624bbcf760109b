import type { z } from 'zod'
import type { MessageTypeRegistry } from '../events/message-type-registry.js'
import type { SmsRequest } from '../events/message-type.js'
import { maskPhoneNumber } from '../phone/e164.js'
import type { Clock } from '../ports/clock.js'
import { effectiveOccurredAt } from '../consent/consent-policy.js'
import type { ConsentRepository } from '../ports/consent-repository.js'
import type { Logger } from '../ports/logger.js'
import { MetricNames, type Metrics } from '../ports/metrics.js'
import type { SendCompletion, SendHistoryRepository } from '../ports/send-history-repository.js'
import type { SendOutcome, SmsProvider } from '../ports/sms-provider.js'
import { isTransientStoreError, storableCorrelationId } from '../ports/store-errors.js'
import type { VenuePhoneNumberRepository } from '../ports/venue-phone-number-repository.js'
import type { TemplateRenderer } from '../templates/index.js'
import { providersByName } from './failover-sms-provider.js'
import type { HandleOutcome, InboundMessage } from './handle-outcome.js'
import { retryDelay, type RetrySchedule } from './retry-schedule.js'
import { SENDER_PACED, venueSenderResolver, type SenderPacing } from './venue-sender-resolver.js'

export interface SmsOrchestratorOptions {
  /** Region for phone numbers without a country code. */
  defaultRegion: string
  /** Attempts (deliveries plus scheduled retries) before a transient failure is dead-lettered. */
  maxAttempts: number
  /** How long a send claim holds before another worker may take it over (longer than the slowest send). */
  leaseMs: number
  retry: RetrySchedule
  provisionCountry: string
  provisionLeaseMs: number
  statusCallbackUrl?: string
  inboundWebhookUrl?: string
  /** Per-number pacing of sends; off when absent. */
  pacing?: SenderPacing
}

export interface SmsOrchestratorDeps {
  registry: MessageTypeRegistry
  templates: TemplateRenderer
  consents: ConsentRepository
  history: SendHistoryRepository
  numbers: VenuePhoneNumberRepository
  provider: SmsProvider
  clock: Clock
  logger: Logger
  metrics: Metrics
  options: SmsOrchestratorOptions
  random?: () => number
}

/**
 * The design's order-confirmation flow for any registered message type: validate, claim (one SMS per order and
 * message type), consent, sender number (provisioned on first use), render, send, record, measure. Returns
 * what the transport must do; it throws only for defects (after giving its claim back).
 */
export class SmsOrchestrator {
  readonly #schemas = new Map<string, z.ZodType<unknown>>()
  readonly #providers: Map<string, SmsProvider>

  constructor(private readonly deps: SmsOrchestratorDeps) {
    for (const def of deps.registry.definitions()) {
      if (!deps.templates.hasMessageType(def.messageType)) throw new Error(`no template for message type ${def.messageType}`)
      this.#schemas.set(def.name, def.schema(deps.options.defaultRegion))
    }
    this.#providers = providersByName(deps.provider)
  }

  readonly handle = async (message: InboundMessage): Promise<HandleOutcome> => {
    const { deps } = this
    const baseLog = deps.logger.child({
      correlationId: message.correlationId,
      ...(message.traceparent ? { traceparent: message.traceparent } : {}),
      messageType: message.messageType,
      attempt: message.attempt,
    })
    const definition = deps.registry.get(message.messageType)
    const schema = this.#schemas.get(message.messageType)
    if (!definition || !schema) {
      baseLog.warn({ known: deps.registry.names() }, 'unknown message type: dead-lettering')
      deps.metrics.increment(MetricNames.deadLettered, { reason: 'UnknownMessageType' })
      return {
        action: 'dead-letter',
        reason: 'UnknownMessageType',
        description: `no handler is registered for message type "${message.messageType}"`,
      }
    }
    const parsed = schema.safeParse(message.body)
    if (!parsed.success) {
      const description = describeIssues(parsed.error)
      baseLog.warn({ problems: description }, 'invalid event: dead-lettering')
      deps.metrics.increment(MetricNames.failed, { error_code: 'invalid_event', provider: 'none', message_type: definition.messageType })
      deps.metrics.increment(MetricNames.deadLettered, { reason: 'InvalidEvent' })
      return { action: 'dead-letter', reason: 'InvalidEvent', description }
    }
    const request = definition.toRequest(parsed.data)
    const log = baseLog.child({ orderId: request.orderId, venueId: request.venueId, phone: maskPhoneNumber(request.phoneNumber) })
    return this.#process(definition.messageType, request, message, log)
  }

  async #process(messageType: string, request: SmsRequest, message: InboundMessage, log: Logger): Promise<HandleOutcome> {
    const { deps } = this
    let historyId: string | null = null
    const progress = { providerAnswered: false, claimAttempts: 0 }
    try {
      const claim = await deps.history.claim({
        orderId: request.orderId,
        messageType,
        venueId: request.venueId,
        customerId: request.customerId,
        customerPhoneNumber: request.phoneNumber,
        correlationId: message.correlationId ? storableCorrelationId(message.correlationId) : null,
        traceparent: message.traceparent ?? null,
        leaseMs: deps.options.leaseMs,
      })
      if (claim.kind === 'done') {
        log.info({ status: claim.record.status }, 'duplicate delivery: already handled')
        return { action: 'ack', result: 'duplicate' }
      }
      if (claim.kind === 'in-progress') {
        // Another worker is sending it. Come back when its lease ends: by then it is done, or it died and this
        // delivery takes over. Acknowledging now could lose the message if that worker dies.
        const wait = Math.max(1_000, claim.leaseExpiresAt.getTime() - deps.clock.now().getTime() + 500)
        log.info({ retryInMs: wait }, 'duplicate delivery while another worker holds the claim')
        return { action: 'retry', delayMs: wait, reason: 'claim_in_progress' }
      }
      historyId = claim.historyId
      progress.claimAttempts = claim.attempts
      if (claim.takenOver)
        log.warn({ attempts: claim.attempts }, 'took over a claim whose worker stopped; the earlier attempt may have sent')
      return await this.#send(messageType, request, message, claim.historyId, log, progress)
    } catch (error) {
      if (progress.providerAnswered) {
        // The provider has answered (it may have sent) but the outcome could not be recorded. Giving the claim
        // back would let the retry send a second SMS at once; keeping it makes the retry wait for the lease, the
        // only window in which a second send can happen.
        const delayMs = deps.options.leaseMs + 1_000
        log.error(
          { err: describeDefect(error), retryInMs: delayMs },
          'the provider answered but the outcome was not recorded; the claim is kept until its lease ends',
        )
        deps.metrics.increment(MetricNames.retried, { reason: 'unrecorded_outcome', message_type: messageType })
        return { action: 'retry', delayMs, reason: 'unrecorded_outcome' }
      }
      if (historyId) await deps.history.release(historyId, 'internal_error', progress.claimAttempts).catch(() => undefined)
      if (isTransientStoreError(error)) {
        const delayMs = retryDelay(message.attempt, deps.options.retry, undefined, deps.random)
        log.warn({ errorCode: error.code, retryInMs: delayMs }, 'database unavailable: will retry')
        deps.metrics.increment(MetricNames.retried, { reason: 'database', message_type: messageType })
        return { action: 'retry', delayMs, reason: `database:${error.code}` }
      }
      log.error({ err: describeDefect(error) }, 'unexpected error while handling a message')
      throw error
    }
  }

  async #send(
    messageType: string,
    request: SmsRequest,
    message: InboundMessage,
    historyId: string,
    log: Logger,
    progress: { providerAnswered: boolean; claimAttempts: number },
  ): Promise<HandleOutcome> {
    const { deps } = this
    // Fenced by the claim's attempt count: a worker whose claim was taken over cannot overwrite the new holder.
    const write = async (completion: SendCompletion) => {
      const record = await deps.history.complete(historyId, { ...completion, claimAttempts: progress.claimAttempts })
      if (record.attempts !== progress.claimAttempts)
        log.warn({ attempts: record.attempts }, 'another worker took this claim over; its outcome stands')
      return record
    }
    // Once the provider has answered, a passing database failure must not lose the record: try a few times here.
    const complete = (completion: SendCompletion) =>
      progress.providerAnswered ? this.#withStoreRetries(() => write(completion)) : write(completion)

    if (request.cancelled) {
      await complete({ status: 'skipped_cancelled' })
      deps.metrics.increment(MetricNames.skipped, { reason: 'cancelled', message_type: messageType })
      log.info({}, 'order cancelled: skipped')
      return { action: 'ack', result: 'skipped_cancelled' }
    }

    if (request.smsOptIn === true) {
      const r = await deps.consents.applyChange({
        venueId: request.venueId,
        phoneNumber: request.phoneNumber,
        action: 'opt_in',
        source: 'checkout',
        occurredAt: effectiveOccurredAt(request, deps.clock.now()),
        onlyIfAbsent: true,
        evidence: { orderId: request.orderId, ...traceEvidence(message) },
      })
      if (r.kind === 'applied') deps.metrics.increment(MetricNames.optIn, { source: 'checkout' })
    }

    const consent = await deps.consents.get(request.venueId, request.phoneNumber)
    if (!consent) {
      await complete({ status: 'skipped_no_consent' })
      deps.metrics.increment(MetricNames.skipped, { reason: 'no_consent', message_type: messageType })
      log.info({}, 'no consent for this venue: skipped')
      return { action: 'ack', result: 'skipped_no_consent' }
    }
    if (consent.status === 'opted_out') {
      await complete({ status: 'blocked_opted_out' })
      deps.metrics.increment(MetricNames.skipped, { reason: 'opted_out', message_type: messageType })
      log.info({}, 'opted out of this venue: blocked')
      return { action: 'ack', result: 'blocked_opted_out' }
    }

    const rendered = deps.templates.render({
      messageType,
      venueId: request.venueId,
      locale: request.locale ?? null,
      data: request.templateData,
    })
    const content = { message: rendered.text, segments: rendered.segments, encoding: rendered.encoding }
    if (rendered.kind === 'too-long') {
      const errorCode = `message_too_long:${rendered.limit}`
      await complete({ status: 'failed', errorCode, ...content, deadLettered: true })
      deps.metrics.increment(MetricNames.failed, { error_code: errorCode, provider: 'none', message_type: messageType })
      log.error(
        { segments: rendered.segments, characters: rendered.characters, limit: rendered.limit },
        'rendered message is over its budget',
      )
      return {
        action: 'dead-letter',
        reason: 'MessageTooLong',
        description: `rendered message has ${rendered.segments} segments and ${rendered.characters} characters, over the ${rendered.limit} limit`,
      }
    }

    const started = performance.now()
    const outcome = await deps.provider.send({
      to: request.phoneNumber,
      body: rendered.text,
      sender: venueSenderResolver(request.venueId, {
        numbers: deps.numbers,
        providers: this.#providers,
        clock: deps.clock,
        logger: log,
        metrics: deps.metrics,
        provisionCountry: deps.options.provisionCountry,
        provisionLeaseMs: deps.options.provisionLeaseMs,
        waitForOtherMs: 2_000,
        ...(deps.options.inboundWebhookUrl ? { inboundWebhookUrl: deps.options.inboundWebhookUrl } : {}),
        ...(deps.options.pacing ? { pacing: deps.options.pacing } : {}),
      }),
      ...(deps.options.statusCallbackUrl ? { statusCallbackUrl: deps.options.statusCallbackUrl } : {}),
      ...(message.correlationId ? { correlationId: message.correlationId } : {}),
    })
    progress.providerAnswered = true
    // The provider's own call time when it reports one, so the latency alert is not set off by provisioning.
    const durationMs = outcome.durationMs ?? performance.now() - started
    deps.metrics.distribution(MetricNames.sendDuration, durationMs, {
      provider: outcome.provider,
      message_type: messageType,
      outcome: outcome.kind,
    })
    return this.#record(messageType, request, message, outcome, content, complete, historyId, progress.claimAttempts, log)
  }

  /** Runs a store call again on a transient failure, a few times within a couple of seconds. */
  async #withStoreRetries<T>(call: () => Promise<T>): Promise<T> {
    for (const delay of STORE_RETRY_DELAYS_MS) {
      try {
        return await call()
      } catch (error) {
        if (!isTransientStoreError(error)) throw error
        await new Promise((r) => setTimeout(r, delay))
      }
    }
    return call()
  }

  async #record(
    messageType: string,
    request: SmsRequest,
    message: InboundMessage,
    outcome: SendOutcome,
    content: { message: string; segments: number; encoding: 'GSM-7' | 'UCS-2' },
    complete: (c: SendCompletion) => Promise<unknown>,
    historyId: string,
    claimAttempts: number,
    log: Logger,
  ): Promise<HandleOutcome> {
    const { deps } = this
    const base = { provider: outcome.provider, venuePhoneNumberId: outcome.sender?.venuePhoneNumberId ?? null, ...content }
    const failedTags = (errorCode: string) => ({ error_code: errorCode, provider: outcome.provider, message_type: messageType })
    switch (outcome.kind) {
      case 'sent':
        await complete({ status: 'sent', ...base, providerMessageId: outcome.providerMessageId })
        deps.metrics.increment(MetricNames.sent, { message_type: messageType, provider: outcome.provider })
        deps.metrics.distribution(MetricNames.segments, content.segments, { encoding: content.encoding, message_type: messageType })
        log.info(
          {
            provider: outcome.provider,
            providerMessageId: outcome.providerMessageId,
            segments: content.segments,
            encoding: content.encoding,
          },
          'sms sent',
        )
        return { action: 'ack', result: 'sent' }
      case 'opted-out': {
        // The provider knows of a STOP we had not heard of: record it so nothing else goes to this phone.
        const r = await this.#withStoreRetries(() =>
          deps.consents.applyChange({
            venueId: request.venueId,
            phoneNumber: request.phoneNumber,
            action: 'opt_out',
            source: 'provider_rejection',
            occurredAt: deps.clock.now(),
            evidence: { provider: outcome.provider, orderId: request.orderId, note: outcome.errorCode, ...traceEvidence(message) },
          }),
        )
        if (r.kind === 'applied' && r.statusChanged) deps.metrics.increment(MetricNames.optOut, { source: 'provider_rejection' })
        await complete({ status: 'blocked_opted_out', ...base, errorCode: outcome.errorCode })
        deps.metrics.increment(MetricNames.failed, failedTags(outcome.errorCode))
        log.info({ errorCode: outcome.errorCode, provider: outcome.provider }, 'provider says the recipient opted out: consent updated')
        return { action: 'ack', result: 'blocked_opted_out' }
      }
      case 'invalid-recipient':
      case 'rejected':
        await complete({ status: 'failed', ...base, errorCode: outcome.errorCode })
        deps.metrics.increment(MetricNames.failed, failedTags(outcome.errorCode))
        log.warn({ errorCode: outcome.errorCode, provider: outcome.provider }, 'provider rejected the send permanently')
        return { action: 'ack', result: 'failed' }
      case 'configuration':
        await complete({ status: 'failed', ...base, errorCode: outcome.errorCode, deadLettered: true })
        deps.metrics.increment(MetricNames.failed, failedTags(outcome.errorCode))
        deps.metrics.increment(MetricNames.deadLettered, { reason: 'ProviderConfigurationError' })
        log.error(
          { errorCode: outcome.errorCode, provider: outcome.provider },
          'provider configuration error: dead-lettering; fix the configuration and replay',
        )
        return {
          action: 'dead-letter',
          reason: 'ProviderConfigurationError',
          description: `provider ${outcome.provider} refused the request (${outcome.errorCode})`,
        }
      case 'transient': {
        if (outcome.errorCode === SENDER_PACED) {
          // Waiting for a paced sender's slot is not a failure: the message comes back at its slot, and the
          // transport does not count it toward the attempts.
          await this.#withStoreRetries(() => deps.history.release(historyId, null, claimAttempts))
          const delayMs = Math.max(outcome.retryAfterMs ?? 1_000, 250)
          deps.metrics.increment(MetricNames.retried, { reason: SENDER_PACED, provider: outcome.provider, message_type: messageType })
          log.info({ retryInMs: delayMs }, 'sender paced: back at its slot')
          return { action: 'retry', delayMs, reason: SENDER_PACED, countsAsAttempt: false }
        }
        if (message.attempt >= deps.options.maxAttempts) {
          await complete({ status: 'failed', ...base, errorCode: outcome.errorCode, deadLettered: true })
          deps.metrics.increment(MetricNames.failed, failedTags(outcome.errorCode))
          deps.metrics.increment(MetricNames.deadLettered, { reason: 'RetriesExhausted' })
          log.error(
            { errorCode: outcome.errorCode, attempts: message.attempt },
            'transient failures exhausted the attempts: dead-lettering',
          )
          return {
            action: 'dead-letter',
            reason: 'RetriesExhausted',
            description: `gave up after ${message.attempt} attempts; last error ${outcome.errorCode}`,
          }
        }
        await this.#withStoreRetries(() => deps.history.release(historyId, outcome.errorCode, claimAttempts))
        const delayMs = retryDelay(message.attempt, deps.options.retry, outcome.retryAfterMs, deps.random)
        deps.metrics.increment(MetricNames.retried, { reason: outcome.errorCode, provider: outcome.provider, message_type: messageType })
        log.warn({ errorCode: outcome.errorCode, retryInMs: delayMs }, 'transient provider failure: will retry')
        return { action: 'retry', delayMs, reason: outcome.errorCode }
      }
    }
  }
}

function traceEvidence(message: InboundMessage): { correlationId?: string; traceparent?: string } {
  return {
    ...(message.correlationId ? { correlationId: storableCorrelationId(message.correlationId) } : {}),
    ...(message.traceparent ? { traceparent: message.traceparent } : {}),
  }
}

const STORE_RETRY_DELAYS_MS = [100, 400, 1_600]

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`).join('; ')
}

function describeDefect(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 200) }
  return { name: typeof error, message: 'non-error thrown' }
}
