import { describeMessageConsumerContract, type ContractSettlement } from '../../testing/index.js'
import { EmbeddedQueue } from './embedded-queue.js'
import { EmbeddedQueueConsumer } from './embedded-queue-consumer.js'

describeMessageConsumerContract({
  name: 'EmbeddedQueueConsumer',
  async setup(settings) {
    const settlements: ContractSettlement[] = []
    const queue = new EmbeddedQueue({
      onSettled: ({ messageId, outcome, reason, description }) => {
        if (outcome === 'lock-expired') return
        settlements.push({ messageId, outcome, ...(reason ? { reason } : {}), ...(description ? { description } : {}) })
      },
    })
    const consumer = new EmbeddedQueueConsumer(queue, settings)
    return {
      consumer,
      async send(message) {
        queue.send(message.body, {
          messageId: message.messageId,
          ...(message.subject !== undefined ? { messageType: message.subject } : {}),
          ...(message.correlationId !== undefined ? { correlationId: message.correlationId } : {}),
          ...(message.applicationProperties ? { applicationProperties: message.applicationProperties } : {}),
        })
      },
      settlements: async () => [...settlements],
      waiting: async () => queue.depth().active,
      close: async () => {
        queue.close()
      },
    }
  },
})
