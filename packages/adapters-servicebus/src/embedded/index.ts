// Everything an embedder needs without Service Bus; nothing here loads @azure/service-bus.
export * from './embedded-queue.js'
export * from './embedded-queue-consumer.js'
export * from './embedded-opt-out-publisher.js'
export * from '../message-consumer.js'
export * from '../consumer-settings.js'
export * from '../outbox-relay.js'
