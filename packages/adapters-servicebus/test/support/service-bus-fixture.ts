import { ServiceBusClient } from '@azure/service-bus'
import { AmqpTestBroker, type AmqpTestBrokerOptions, type ContractMessage, type ContractSettlement } from '../../testing/index.js'

export const TOPIC = 'orders'
export const SUBSCRIPTION = 'sms-notification'
export const RETRY_QUEUE = 'sms-notification-retry'
export const SUBSCRIPTION_PATH = `${TOPIC}/Subscriptions/${SUBSCRIPTION}`
export const OPT_OUT_TOPIC = 'sms-optout'
export const OPT_OUT_SUBSCRIPTION_PATH = `${OPT_OUT_TOPIC}/Subscriptions/audit`

/** A test broker with the service's entities and an SDK client to drive it. */
export class ServiceBusFixture {
  private constructor(
    readonly broker: AmqpTestBroker,
    readonly client: ServiceBusClient,
  ) {}

  static async start(options: AmqpTestBrokerOptions = {}): Promise<ServiceBusFixture> {
    const broker = await AmqpTestBroker.start({
      topics: { [TOPIC]: [SUBSCRIPTION], [OPT_OUT_TOPIC]: ['audit'] },
      queues: [RETRY_QUEUE],
      ...options,
    })
    return new ServiceBusFixture(broker, new ServiceBusClient(broker.connectionString()))
  }

  get connectionString(): string {
    return this.broker.connectionString()
  }

  /** Sends to the topic as the monolith would, through the real SDK. */
  async send(message: ContractMessage): Promise<void> {
    const sender = this.client.createSender(TOPIC)
    try {
      await sender.sendMessages({
        body: message.body,
        messageId: message.messageId,
        ...(message.subject !== undefined ? { subject: message.subject } : {}),
        ...(message.correlationId !== undefined ? { correlationId: message.correlationId } : {}),
        ...(message.applicationProperties ? { applicationProperties: message.applicationProperties } : {}),
      })
    } finally {
      await sender.close()
    }
  }

  /** Settlements on the subscription and the retry queue, as the broker recorded them. */
  settlements(): ContractSettlement[] {
    return [...this.broker.settlements(SUBSCRIPTION_PATH), ...this.broker.settlements(RETRY_QUEUE)]
      .filter((s) => s.outcome !== 'deferred')
      .map((s) => ({
        messageId: s.messageId ?? '',
        outcome: s.outcome as ContractSettlement['outcome'],
        ...(s.reason !== undefined ? { reason: s.reason } : {}),
        ...(s.description !== undefined ? { description: s.description } : {}),
      }))
  }

  waiting(): number {
    return this.broker.active(SUBSCRIPTION_PATH).length + this.broker.active(RETRY_QUEUE).length
  }

  async close(): Promise<void> {
    await this.client.close()
    await this.broker.close()
  }
}
