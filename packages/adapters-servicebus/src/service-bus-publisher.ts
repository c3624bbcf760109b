import type { ServiceBusMessage, ServiceBusSender } from '@azure/service-bus'
import { silentLogger } from '@sms-notification/core'
import type { ConsentChangedEvent, Logger, OptOutPublisher, PublishResult } from '@sms-notification/core'
import { openServiceBus, type OpenedServiceBus, type ServiceBusConnection } from './service-bus-connection.js'
import { FATAL_ENTITY_ERROR_CODES, errorCode } from './service-bus-errors.js'

export interface ServiceBusOptOutPublisherOptions {
  connection: ServiceBusConnection
  /** Default `sms-optout`. */
  topic?: string
  logger?: Logger
}

/** Errors a retry cannot fix, besides the fatal entity errors. */
const PERMANENT_CODES: ReadonlySet<string> = new Set([...FATAL_ENTITY_ERROR_CODES, 'MessageSizeExceeded'])

/**
 * Publishes consent changes to the `sms-optout` topic. The event id is the message id, so the topic's
 * duplicate detection drops a republish (the outbox relay may publish an event twice after a crash).
 */
export class ServiceBusOptOutPublisher implements OptOutPublisher {
  readonly #connection: ServiceBusConnection
  readonly #topic: string
  readonly #logger: Logger
  #opening: Promise<{ bus: OpenedServiceBus; sender: ServiceBusSender }> | undefined

  constructor(options: ServiceBusOptOutPublisherOptions) {
    this.#connection = options.connection
    this.#topic = options.topic ?? 'sms-optout'
    this.#logger = options.logger ?? silentLogger
  }

  async publish(event: ConsentChangedEvent): Promise<PublishResult> {
    try {
      const { sender } = await this.#open()
      await sender.sendMessages(toMessage(event))
      return { kind: 'published' }
    } catch (error) {
      const code = errorCode(error)
      // Anything else already went through the SDK's own retries but may pass: the relay tries again later.
      const retryable = !PERMANENT_CODES.has(code)
      this.#logger.warn({ eventId: event.eventId, type: event.type, code, retryable }, 'publishing to the opt-out topic failed')
      return { kind: 'failed', retryable, errorCode: code }
    }
  }

  async close(): Promise<void> {
    const opening = this.#opening
    this.#opening = undefined
    if (!opening) return
    const { bus, sender } = await opening.catch(() => ({ bus: undefined, sender: undefined }))
    await sender?.close().catch(() => {})
    if (bus?.owned) await bus.client.close().catch(() => {})
  }

  #open(): Promise<{ bus: OpenedServiceBus; sender: ServiceBusSender }> {
    this.#opening ??= openServiceBus(this.#connection).then((bus) => ({ bus, sender: bus.client.createSender(this.#topic) }))
    // A failed open is retried on the next publish rather than cached.
    this.#opening.catch(() => (this.#opening = undefined))
    return this.#opening
  }
}

function toMessage(event: ConsentChangedEvent): ServiceBusMessage {
  return {
    body: event,
    messageId: event.eventId,
    subject: event.type,
    contentType: 'application/json',
    ...(event.correlationId !== undefined ? { correlationId: event.correlationId } : {}),
    applicationProperties: {
      messageType: event.type,
      venueId: event.venueId,
      // The trace of what caused the change continues in the subscribers: `traceparent` for W3C readers,
      // `Diagnostic-Id` for the Azure SDKs' own tracing, which also keeps the SDK from stamping a new one.
      ...(event.traceparent ? { traceparent: event.traceparent, 'Diagnostic-Id': event.traceparent } : {}),
    },
  }
}
