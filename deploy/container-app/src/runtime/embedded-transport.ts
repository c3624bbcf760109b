import type { Logger, MessageHandler, Metrics } from '@sms-notification/core'
import { EmbeddedOptOutPublisher, EmbeddedQueue, EmbeddedQueueConsumer } from '@sms-notification/adapters-servicebus/embedded'
import type { Transport } from './transport.js'

export interface EmbeddedTransportOptions {
  logger: Logger
  metrics: Metrics
  maxAttempts: number
  maxConcurrentCalls: number
}

/** The in-process queue of the local default and of services embedding the library without Service Bus. */
export function createEmbeddedTransport(options: EmbeddedTransportOptions): Transport & { publisher: EmbeddedOptOutPublisher } {
  const queue = new EmbeddedQueue({ logger: options.logger })
  const publisher = new EmbeddedOptOutPublisher()
  let consumer: EmbeddedQueueConsumer | undefined
  return {
    kind: 'embedded',
    publisher,
    async startConsumer(handler: MessageHandler) {
      consumer = new EmbeddedQueueConsumer(queue, {
        handler,
        maxAttempts: options.maxAttempts,
        maxConcurrentCalls: options.maxConcurrentCalls,
        logger: options.logger,
        metrics: options.metrics,
      })
      await consumer.start()
    },
    consumerStatus: () => consumer?.status() ?? { state: 'stopped' },
    async send(body, { messageType, correlationId }) {
      return { messageId: queue.send(body, { messageType, correlationId }) }
    },
    async deadLetters() {
      return queue.deadLetters().map((m) => ({
        messageId: m.messageId,
        reason: m.reason,
        description: m.description,
        deadLetteredAt: m.deadLetteredAt.toISOString(),
        messageType: m.messageType ?? null,
        correlationId: m.correlationId ?? null,
      }))
    },
    replayDeadLetter: async (messageId) => queue.replayDeadLetter(messageId),
    async stopConsumer(graceMs) {
      await consumer?.stop(graceMs)
    },
    async close(graceMs = 0) {
      await consumer?.stop(graceMs)
      return { dropped: queue.close() }
    },
  }
}
