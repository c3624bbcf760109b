import { ConsentService } from './consent/consent-service.js'
import { MessageTypeRegistry } from './events/message-type-registry.js'
import type { MessageTypeDefinition } from './events/message-type.js'
import { orderConfirmationMessageType } from './events/order-confirmation-message-type.js'
import { eventReminderMessageType } from './events/send-event-reminder-sms.js'
import { SEND_ORDER_CONFIRMATION_SMS } from './events/send-order-confirmation-sms.js'
import { systemClock, type Clock } from './ports/clock.js'
import type { ConsentRepository } from './ports/consent-repository.js'
import { silentLogger, type Logger } from './ports/logger.js'
import { noopMetrics, type Metrics } from './ports/metrics.js'
import type { SendHistoryRepository } from './ports/send-history-repository.js'
import type { SenderPacer } from './ports/sender-pacer.js'
import type { SmsProvider } from './ports/sms-provider.js'
import type { VenuePhoneNumberRepository } from './ports/venue-phone-number-repository.js'
import { DeliveryStatusService } from './sending/delivery-status-service.js'
import type { HandleOutcome, InboundMessage } from './sending/handle-outcome.js'
import { defaultRetrySchedule } from './sending/retry-schedule.js'
import { SmsOrchestrator, type SmsOrchestratorOptions } from './sending/sms-orchestrator.js'
import { VenueNumberService } from './sending/venue-number-service.js'
import { createTemplateRenderer, type MessageTypeTemplates, type TemplateConfig } from './templates/index.js'

/** Per-message-type template overrides (venue and locale variants) layered over each type's own template. */
export type TemplateOverrides = Record<string, Partial<Pick<MessageTypeTemplates, 'template' | 'locales' | 'venues'>>>

export interface SmsNotifierDeps {
  repositories: { consents: ConsentRepository; history: SendHistoryRepository; numbers: VenuePhoneNumberRepository; pacer?: SenderPacer }
  provider: SmsProvider
  metrics?: Metrics
  logger?: Logger
  clock?: Clock
  /** Defaults to order confirmation and event reminder. */
  // biome-ignore lint/suspicious/noExplicitAny: definitions of different event types side by side
  messageTypes?: ReadonlyArray<MessageTypeDefinition<any>>
  templates?: TemplateOverrides
  /** The orchestrator's options (pacing given as the two numbers below), each with a default. */
  options?: Partial<
    Omit<SmsOrchestratorOptions, 'pacing'> & {
      segmentBudget: number
      /** Time between two sends from one venue number (1000 for a US long code); 0 or unset: no pacing. Needs `repositories.pacer`. */
      senderIntervalMs: number
      /**
       * Longest in-process wait for a sender's slot before the message goes back to the queue until its slot
       * (default 2 s; at most a quarter of `leaseMs`). Short, so one busy venue cannot hold every concurrent slot.
       */
      senderMaxWaitMs: number
    }
  >
}

export interface SmsNotifier {
  /** Handles a message as a transport delivers it; returns what to do with it. */
  handle(message: InboundMessage): Promise<HandleOutcome>
  /** Sends an order confirmation directly (no queue): `attempt` defaults to 1. */
  sendOrderConfirmation(event: unknown, options?: { attempt?: number; correlationId?: string }): Promise<HandleOutcome>
  consent: ConsentService
  deliveries: DeliveryStatusService
  numbers: VenueNumberService
  history: SendHistoryRepository
  registry: MessageTypeRegistry
}

/**
 * Wires the core for an embedding service: repositories and a provider in, a notifier out. Template problems
 * (an unknown placeholder) throw here, at startup.
 */
export function createSmsNotifier(deps: SmsNotifierDeps): SmsNotifier {
  const clock = deps.clock ?? systemClock
  const logger = deps.logger ?? silentLogger
  const metrics = deps.metrics ?? noopMetrics
  const o = deps.options ?? {}
  const defaultRegion = o.defaultRegion ?? 'US'
  const registry = new MessageTypeRegistry(deps.messageTypes ?? [orderConfirmationMessageType, eventReminderMessageType])
  const templateConfig: TemplateConfig = { messageTypes: {} }
  for (const def of registry.definitions()) {
    const override = deps.templates?.[def.messageType]
    templateConfig.messageTypes[def.messageType] = {
      ...def.template,
      ...(override?.template ? { template: override.template } : {}),
      locales: { ...def.template.locales, ...override?.locales },
      venues: { ...def.template.venues, ...override?.venues },
    }
  }
  const templates = createTemplateRenderer(templateConfig, { segmentBudget: o.segmentBudget ?? 3 })
  const leaseMs = o.leaseMs ?? 60_000
  const senderMaxWaitMs = o.senderMaxWaitMs ?? 2_000
  // A send may wait for a slot at the primary and again at the secondary, plus both provider calls: all of it
  // must fit well inside the claim's lease, or a duplicate delivery takes the claim over and sends too.
  if (senderMaxWaitMs * 4 > leaseMs)
    throw new Error(`senderMaxWaitMs (${senderMaxWaitMs}) must be at most a quarter of leaseMs (${leaseMs})`)
  const { consents, history, numbers } = deps.repositories
  const orchestrator = new SmsOrchestrator({
    registry,
    templates,
    consents,
    history,
    numbers,
    provider: deps.provider,
    clock,
    logger,
    metrics,
    options: {
      defaultRegion,
      maxAttempts: o.maxAttempts ?? 8,
      leaseMs,
      retry: o.retry ?? defaultRetrySchedule,
      provisionCountry: o.provisionCountry ?? defaultRegion,
      provisionLeaseMs: o.provisionLeaseMs ?? 60_000,
      ...(o.statusCallbackUrl ? { statusCallbackUrl: o.statusCallbackUrl } : {}),
      ...(o.inboundWebhookUrl ? { inboundWebhookUrl: o.inboundWebhookUrl } : {}),
      ...(deps.repositories.pacer && (o.senderIntervalMs ?? 0) > 0
        ? { pacing: { pacer: deps.repositories.pacer, intervalMs: o.senderIntervalMs!, maxWaitMs: senderMaxWaitMs } }
        : {}),
    },
  })
  return {
    handle: orchestrator.handle,
    sendOrderConfirmation: (event, options = {}) =>
      orchestrator.handle({
        messageType: SEND_ORDER_CONFIRMATION_SMS,
        body: event,
        attempt: options.attempt ?? 1,
        ...(options.correlationId ? { correlationId: options.correlationId } : {}),
      }),
    consent: new ConsentService({ consents, numbers, clock, logger, metrics, defaultRegion }),
    deliveries: new DeliveryStatusService({ history, consents, numbers, logger, metrics, clock, defaultRegion }),
    numbers: new VenueNumberService({ numbers, provider: deps.provider, clock, logger, defaultRegion }),
    history,
    registry,
  }
}
