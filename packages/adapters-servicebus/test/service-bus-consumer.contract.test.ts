import { describeMessageConsumerContract } from '../testing/index.js'
import { ServiceBusConsumer } from '../src/service-bus-consumer.js'
import { RETRY_QUEUE, ServiceBusFixture, SUBSCRIPTION, TOPIC } from './support/service-bus-fixture.js'

// The real @azure/service-bus SDK against the in-test AMQP broker.
describeMessageConsumerContract({
  name: 'ServiceBusConsumer (real SDK, AMQP test broker)',
  async setup(settings) {
    const fixture = await ServiceBusFixture.start()
    const consumer = new ServiceBusConsumer({
      ...settings,
      connection: { connectionString: fixture.connectionString },
      topic: TOPIC,
      subscription: SUBSCRIPTION,
      retryQueue: RETRY_QUEUE,
      watchdog: false,
    })
    return {
      consumer,
      send: (message) => fixture.send(message),
      settlements: async () => fixture.settlements(),
      waiting: async () => fixture.waiting(),
      close: () => fixture.close(),
    }
  },
})
