export * from './message-consumer.contract.js'
