import { randomUUID } from 'node:crypto'
import {
  openServiceBus,
  ServiceBusConsumer,
  ServiceBusDeadLetters,
  ServiceBusOptOutPublisher,
  type ServiceBusConnection,
} from '@sms-notification/adapters-servicebus'
import type { Logger, Metrics } from '@sms-notification/core'
import type { EnvConfig } from '../config/config-schema.js'
import type { DeadLetterView, Transport } from './transport.js'

export interface ServiceBusTransportSettings {
  logger: Logger
  metrics: Metrics
  maxAttempts: number
  maxConcurrentCalls: number
}

export function serviceBusConnection(env: EnvConfig): ServiceBusConnection {
  if (env.SERVICEBUS_CONNECTION_STRING) return { connectionString: env.SERVICEBUS_CONNECTION_STRING }
  if (env.SERVICEBUS_NAMESPACE) {
    return {
      fullyQualifiedNamespace: env.SERVICEBUS_NAMESPACE,
      ...(env.AZURE_CLIENT_ID ? { managedIdentityClientId: env.AZURE_CLIENT_ID } : {}),
    }
  }
  throw new Error('Service Bus is not configured')
}

/** Service Bus: the topic subscription (plus the service's retry queue) in, the `sms-optout` topic out. */
export async function createServiceBusTransport(env: EnvConfig, settings: ServiceBusTransportSettings): Promise<Transport> {
  const connection = serviceBusConnection(env)
  const entities = { topic: env.SERVICEBUS_TOPIC, subscription: env.SERVICEBUS_SUBSCRIPTION, retryQueue: env.SERVICEBUS_RETRY_QUEUE }
  const publisher = new ServiceBusOptOutPublisher({ connection, topic: env.SERVICEBUS_OPTOUT_TOPIC, logger: settings.logger })
  const deadLetters = new ServiceBusDeadLetters({ connection, ...entities, logger: settings.logger })
  let consumer: ServiceBusConsumer | undefined
  return {
    kind: 'servicebus',
    publisher,
    async startConsumer(handler) {
      consumer = new ServiceBusConsumer({
        connection,
        ...entities,
        handler,
        maxAttempts: settings.maxAttempts,
        maxConcurrentCalls: settings.maxConcurrentCalls,
        watchdog: { check: env.SERVICEBUS_WATCHDOG_CHECK },
        logger: settings.logger,
        metrics: settings.metrics,
      })
      await consumer.start()
    },
    consumerStatus: () => consumer?.status() ?? { state: 'stopped' },
    async send(body, { messageType, correlationId }) {
      const bus = await openServiceBus(connection)
      const sender = bus.client.createSender(env.SERVICEBUS_TOPIC)
      const messageId = randomUUID()
      try {
        await sender.sendMessages({
          body,
          messageId,
          correlationId,
          subject: messageType,
          contentType: 'application/json',
          applicationProperties: { messageType },
        })
      } finally {
        await sender.close()
        if (bus.owned) await bus.client.close()
      }
      return { messageId }
    },
    async deadLetters() {
      const entries = [...(await deadLetters.list('subscription')), ...(await deadLetters.list('retry'))]
      return entries.map(
        (e): DeadLetterView => ({
          messageId: e.messageId ?? e.sequenceNumber,
          reason: e.reason ?? 'unknown',
          description: e.description ?? '',
          deadLetteredAt: e.enqueuedAt?.toISOString() ?? null,
          messageType: e.messageType ?? null,
          correlationId: e.correlationId ?? null,
        }),
      )
    },
    async replayDeadLetter(messageId) {
      for (const source of ['subscription', 'retry'] as const) {
        if ((await deadLetters.replay(source, messageId)).kind === 'replayed') return true
      }
      return false
    },
    async stopConsumer(graceMs) {
      await consumer?.stop(graceMs)
    },
    async close(graceMs = 0) {
      await consumer?.stop(graceMs)
      await publisher.close()
      await deadLetters.close()
      return {}
    },
  }
}
