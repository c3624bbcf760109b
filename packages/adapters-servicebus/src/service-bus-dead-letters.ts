import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus'
import { silentLogger } from '@sms-notification/core'
import Long from 'long'
import type { Logger } from '@sms-notification/core'
import { openServiceBus, type OpenedServiceBus, type ServiceBusConnection } from './service-bus-connection.js'
import type { ServiceBusSource } from './service-bus-consumer.js'
import { ATTEMPT_PROPERTY, ORIGINAL_MESSAGE_ID_PROPERTY, WAITS_PROPERTY } from './transport-message.js'

export interface ServiceBusDeadLettersOptions {
  connection: ServiceBusConnection
  topic: string
  subscription: string
  retryQueue: string
  logger?: Logger
}

export interface DeadLetterEntry {
  source: ServiceBusSource
  sequenceNumber: string
  messageId: string | undefined
  messageType: string | undefined
  correlationId: string | undefined
  reason: string | undefined
  description: string | undefined
  enqueuedAt: Date | undefined
  deliveryCount: number | undefined
  /** As stored; holds the customer's phone number, so mask it before showing or logging it. */
  body: unknown
}

export type ReplayResult = { kind: 'replayed'; messageId: string; to: 'retry' | 'topic' } | { kind: 'not-found' }

/**
 * Dead-letter operations for the CLI: list (peek, nothing locked) and replay (a copy back to the retry queue or
 * the topic, then the dead letter completed). Replaying to the retry queue is the default: a copy sent to the
 * topic reaches every subscription, not only this service's.
 */
export class ServiceBusDeadLetters {
  readonly #options: ServiceBusDeadLettersOptions
  readonly #logger: Logger
  #bus: Promise<OpenedServiceBus> | undefined

  constructor(options: ServiceBusDeadLettersOptions) {
    this.#options = options
    this.#logger = options.logger ?? silentLogger
  }

  async list(source: ServiceBusSource, maxCount = 50): Promise<DeadLetterEntry[]> {
    const receiver = await this.#deadLetterReceiver(source)
    try {
      // The SDK remembers the last peeked sequence number per entity on the connection: start from the first.
      const messages = await receiver.peekMessages(maxCount, { fromSequenceNumber: Long.ZERO })
      return messages.map((message) => toEntry(source, message))
    } finally {
      await receiver.close()
    }
  }

  /** Finds the dead letter by message id (or sequence number) among the first `searchLimit` and replays it. */
  async replay(
    source: ServiceBusSource,
    id: string,
    options: { to?: 'retry' | 'topic'; searchLimit?: number } = {},
  ): Promise<ReplayResult> {
    const to = options.to ?? 'retry'
    const searchLimit = options.searchLimit ?? 500
    const { client } = await this.#open()
    const receiver = await this.#deadLetterReceiver(source)
    const sender = client.createSender(to === 'retry' ? this.#options.retryQueue : this.#options.topic)
    const passedOver: ServiceBusReceivedMessage[] = []
    try {
      while (passedOver.length < searchLimit) {
        const batch = await receiver.receiveMessages(Math.min(50, searchLimit - passedOver.length), { maxWaitTimeInMs: 2_000 })
        if (batch.length === 0) return { kind: 'not-found' }
        for (const message of batch) {
          if (String(message.messageId) !== id && message.sequenceNumber?.toString() !== id) {
            passedOver.push(message)
            continue
          }
          const copyId = `${String(message.messageId)}:replay:${message.sequenceNumber?.toString() ?? '0'}`
          await sender.sendMessages(replayCopy(message, copyId))
          // Settled one at a time: see SettlementQueue for why this receiver must not settle concurrently.
          await receiver.completeMessage(message)
          this.#logger.info({ source, messageId: message.messageId, to }, 'dead letter replayed')
          return { kind: 'replayed', messageId: copyId, to }
        }
      }
      return { kind: 'not-found' }
    } finally {
      for (const message of passedOver) await receiver.abandonMessage(message).catch(() => {})
      await sender.close().catch(() => {})
      await receiver.close().catch(() => {})
    }
  }

  async close(): Promise<void> {
    const bus = await this.#bus?.catch(() => undefined)
    this.#bus = undefined
    if (bus?.owned) await bus.client.close()
  }

  #open(): Promise<OpenedServiceBus> {
    this.#bus ??= openServiceBus(this.#options.connection)
    return this.#bus
  }

  async #deadLetterReceiver(source: ServiceBusSource): Promise<ServiceBusReceiver> {
    const { client } = await this.#open()
    const options = { subQueueType: 'deadLetter' as const, receiveMode: 'peekLock' as const, maxAutoLockRenewalDurationInMs: 0 }
    return source === 'subscription'
      ? client.createReceiver(this.#options.topic, this.#options.subscription, options)
      : client.createReceiver(this.#options.retryQueue, options)
  }
}

function toEntry(source: ServiceBusSource, message: ServiceBusReceivedMessage): DeadLetterEntry {
  const properties = message.applicationProperties ?? {}
  const messageType = message.subject ?? (typeof properties['messageType'] === 'string' ? properties['messageType'] : undefined)
  return {
    source,
    sequenceNumber: message.sequenceNumber?.toString() ?? '',
    messageId: message.messageId === undefined ? undefined : String(message.messageId),
    messageType,
    correlationId: message.correlationId === undefined ? undefined : String(message.correlationId),
    reason: message.deadLetterReason,
    description: message.deadLetterErrorDescription,
    enqueuedAt: message.enqueuedTimeUtc,
    deliveryCount: message.deliveryCount,
    body: message.body,
  }
}

function replayCopy(message: ServiceBusReceivedMessage, messageId: string) {
  const {
    DeadLetterReason: _reason,
    DeadLetterErrorDescription: _description,
    [ATTEMPT_PROPERTY]: _attempt,
    [WAITS_PROPERTY]: _waits,
    ...properties
  } = message.applicationProperties ?? {}
  return {
    body: message.body,
    messageId,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.contentType !== undefined ? { contentType: message.contentType } : {}),
    correlationId: message.correlationId ?? message.messageId,
    applicationProperties: {
      ...properties,
      [ORIGINAL_MESSAGE_ID_PROPERTY]: properties[ORIGINAL_MESSAGE_ID_PROPERTY] ?? String(message.messageId),
    },
  }
}
