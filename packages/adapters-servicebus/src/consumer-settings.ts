import {
  eventReminderMessageType,
  noopMetrics,
  orderConfirmationMessageType,
  retryDelay,
  silentLogger,
  systemClock,
} from '@sms-notification/core'
import type { Clock, Logger, MessageHandler, Metrics } from '@sms-notification/core'

/**
 * The message types the core registers by default (`createSmsNotifier`). A service that registers others passes
 * its registry's `names()` as `messageTypes`.
 */
export const DEFAULT_MESSAGE_TYPES: readonly string[] = [orderConfirmationMessageType.name, eventReminderMessageType.name]

/** Settings both consumers share. */
export interface ConsumerSettings {
  handler: MessageHandler
  /** Types the handler accepts; anything else is dead-lettered without calling it. Default `DEFAULT_MESSAGE_TYPES`. */
  messageTypes?: readonly string[]
  /**
   * Attempts (first delivery included) before a retried message is dead-lettered. A backstop: the orchestrator
   * gives up on its own at its `maxAttempts`, so keep this at least as high. Default 10.
   */
  maxAttempts?: number
  /** Messages handled at once. Default 4. */
  maxConcurrentCalls?: number
  /**
   * Delay before retrying a message whose handler threw (a defect, not an outcome). Default: the core's
   * `retryDelay` (exponential with jitter, capped at 5 min).
   */
  defectRetryDelayMs?: (attempt: number) => number
  logger?: Logger
  metrics?: Metrics
  clock?: Clock
}

export interface ResolvedConsumerSettings {
  handler: MessageHandler
  messageTypes: readonly string[]
  maxAttempts: number
  maxConcurrentCalls: number
  defectRetryDelayMs: (attempt: number) => number
  logger: Logger
  metrics: Metrics
  clock: Clock
}

export function resolveConsumerSettings(settings: ConsumerSettings): ResolvedConsumerSettings {
  const maxAttempts = settings.maxAttempts ?? 10
  const maxConcurrentCalls = settings.maxConcurrentCalls ?? 4
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer')
  if (!Number.isInteger(maxConcurrentCalls) || maxConcurrentCalls < 1) {
    throw new RangeError('maxConcurrentCalls must be a positive integer')
  }
  return {
    handler: settings.handler,
    messageTypes: settings.messageTypes ?? DEFAULT_MESSAGE_TYPES,
    maxAttempts,
    maxConcurrentCalls,
    defectRetryDelayMs: settings.defectRetryDelayMs ?? ((attempt) => retryDelay(attempt)),
    logger: settings.logger ?? silentLogger,
    metrics: settings.metrics ?? noopMetrics,
    clock: settings.clock ?? systemClock,
  }
}
