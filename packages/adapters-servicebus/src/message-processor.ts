import {
  MetricNames,
  type DeadLetterReason,
  type HandleOutcome,
  type Logger,
  type MessageHandler,
  type Metrics,
} from '@sms-notification/core'
import { decodeInboundMessage, messageCorrelation } from './decode-inbound-message.js'
import { redactPhoneNumbers } from './redact.js'
import type { RetryCopyPlan, TransportMessage } from './transport-message.js'

/** How a transport settles the message being processed. */
export interface MessageSettler {
  complete(): Promise<void>
  deadLetter(reason: DeadLetterReason, description: string): Promise<void>
  /**
   * Makes a copy that reappears after `delayMs` carrying `plan.attempt`, then completes this one. A transport
   * that cannot schedule falls back to its immediate redelivery, and says so on `log` (the message's own logger).
   */
  retryLater(plan: RetryCopyPlan, delayMs: number, log: Logger): Promise<void>
}

export interface MessageProcessorOptions {
  handler: MessageHandler
  messageTypes: readonly string[]
  maxAttempts: number
  defectRetryDelayMs: (attempt: number) => number
  logger: Logger
  metrics: Metrics
}

/** Dead-letter descriptions are stored by the broker; Service Bus caps them at 4 KB. */
const MAX_DESCRIPTION = 1_000

/**
 * The transport-neutral half of a consumer: decode, call the handler, map its outcome to a settlement. Never
 * throws: a settlement that fails is logged and left to the transport's redelivery.
 */
export class MessageProcessor {
  readonly #options: MessageProcessorOptions
  readonly #messageTypes: ReadonlySet<string>

  constructor(options: MessageProcessorOptions) {
    this.#options = options
    this.#messageTypes = new Set(options.messageTypes)
  }

  async process(message: TransportMessage, settler: MessageSettler, source: string): Promise<void> {
    const { logger, metrics, maxAttempts } = this.#options
    const messageId = typeof message.messageId === 'string' ? message.messageId : undefined
    // Every line about this message carries its correlation and trace context, whatever happens to it.
    const messageLog = logger.child({ source, messageId, ...messageCorrelation(message) })
    const decoded = decodeInboundMessage(message, this.#messageTypes)
    if (decoded.kind === 'rejected') {
      messageLog.warn({ reason: decoded.reason }, 'message cannot be handled; dead-lettering it')
      metrics.increment(MetricNames.deadLettered, { reason: decoded.reason, source })
      await this.#settle(() => settler.deadLetter(decoded.reason, decoded.description), 'dead-letter', messageLog, source)
      return
    }
    const inbound = decoded.message
    const log = messageLog.child({ messageType: inbound.messageType, attempt: inbound.attempt })
    const started = performance.now()
    const outcome = await this.#handle(inbound, log)
    metrics.distribution('sms.consumer.handle.duration', performance.now() - started, { source, action: outcome.action })

    switch (outcome.action) {
      case 'ack':
        log.debug({ result: outcome.result }, 'message handled')
        await this.#settle(() => settler.complete(), 'complete', log, source)
        return
      case 'dead-letter':
        // The handler counted its own decision in the metrics; the consumer counts only the ones it makes.
        log.warn({ reason: outcome.reason }, 'handler dead-lettered the message')
        await this.#settle(() => settler.deadLetter(outcome.reason, truncate(outcome.description)), 'dead-letter', log, source)
        return
      case 'retry': {
        // A message that only waits (a paced sender's slot) is not failing: same attempt, never exhausted.
        const countsAsAttempt = outcome.countsAsAttempt !== false
        if (countsAsAttempt && inbound.attempt >= maxAttempts) {
          log.warn({ reason: outcome.reason }, 'retries exhausted; dead-lettering the message')
          metrics.increment(MetricNames.deadLettered, { reason: 'RetriesExhausted', source })
          const description = truncate(`gave up after ${inbound.attempt} attempts; last error: ${outcome.reason}`)
          await this.#settle(() => settler.deadLetter('RetriesExhausted', description), 'dead-letter', log, source)
          return
        }
        const delayMs = Number.isFinite(outcome.delayMs)
          ? Math.max(0, Math.round(outcome.delayMs))
          : this.#options.defectRetryDelayMs(inbound.attempt)
        const plan: RetryCopyPlan = { attempt: countsAsAttempt ? inbound.attempt + 1 : inbound.attempt, countsAsAttempt }
        log.info({ reason: outcome.reason, delayMs, countsAsAttempt }, 'retrying the message later')
        await this.#settle(() => settler.retryLater(plan, delayMs, log), 'retry', log, source)
        return
      }
    }
  }

  async #handle(inbound: Parameters<MessageHandler>[0], log: Logger): Promise<HandleOutcome> {
    try {
      const outcome = await this.#options.handler(inbound)
      if (isOutcome(outcome)) return outcome
      throw new TypeError('handler returned something that is not a HandleOutcome')
    } catch (error) {
      // A defect: retry with backoff so a fix or a passing fault can still deliver the message.
      const name = error instanceof Error ? error.name : typeof error
      const text = error instanceof Error ? error.message : String(error)
      log.error({ error: { name, message: redactPhoneNumbers(text) } }, 'message handler threw')
      this.#options.metrics.increment(MetricNames.retried, { reason: 'handler_defect' })
      return { action: 'retry', delayMs: this.#options.defectRetryDelayMs(inbound.attempt), reason: `handler threw ${name}` }
    }
  }

  async #settle(settle: () => Promise<void>, operation: string, log: Logger, source: string): Promise<void> {
    try {
      await settle()
    } catch (error) {
      // The lock is gone or the link dropped: the broker redelivers, and the core's idempotency absorbs it.
      const code = (error as { code?: unknown } | null)?.code
      log.warn(
        { operation, code: typeof code === 'string' ? code : (error as Error)?.name },
        'settling the message failed; it will be redelivered',
      )
      this.#options.metrics.increment('sms.consumer.settle_failed.total', { source, operation })
    }
  }
}

function isOutcome(value: unknown): value is HandleOutcome {
  const action = (value as { action?: unknown } | null)?.action
  return action === 'ack' || action === 'retry' || action === 'dead-letter'
}

function truncate(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text
}
