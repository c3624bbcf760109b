export * from './message-consumer.contract.js'
export { AmqpTestBroker, type AmqpTestBrokerOptions, type BrokerMessage, type BrokerSettlement } from './amqp-test-broker.js'
