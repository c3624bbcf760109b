import { setMaxListeners } from 'node:events'
import { resolveConsumerSettings, type ConsumerSettings, type ResolvedConsumerSettings } from '../consumer-settings.js'
import { ConsumerStatusTracker } from '../consumer-status-tracker.js'
import type { ConsumerStatus, MessageConsumer } from '../message-consumer.js'
import { MessageProcessor, type MessageSettler } from '../message-processor.js'
import { retryCopyFields } from '../transport-message.js'
import type { EmbeddedMessage, EmbeddedQueue } from './embedded-queue.js'

export type EmbeddedQueueConsumerOptions = ConsumerSettings

/** Feeds an `EmbeddedQueue` to a handler with `maxConcurrentCalls` workers. */
export class EmbeddedQueueConsumer implements MessageConsumer {
  readonly #queue: EmbeddedQueue
  readonly #settings: ResolvedConsumerSettings
  readonly #processor: MessageProcessor
  readonly #tracker: ConsumerStatusTracker
  #stopping = new AbortController()
  #workers: Array<Promise<void>> = []

  constructor(queue: EmbeddedQueue, options: EmbeddedQueueConsumerOptions) {
    this.#queue = queue
    this.#settings = resolveConsumerSettings(options)
    this.#processor = new MessageProcessor(this.#settings)
    this.#tracker = new ConsumerStatusTracker(this.#settings.clock)
  }

  async start(): Promise<void> {
    // Only from stopped: starting twice would double the workers.
    if (this.#tracker.state !== 'stopped') return
    this.#stopping = new AbortController()
    // Every idle worker listens for the stop; more than ten is expected, not a leak.
    setMaxListeners(this.#settings.maxConcurrentCalls + 10, this.#stopping.signal)
    this.#tracker.state = 'running'
    this.#workers = Array.from({ length: this.#settings.maxConcurrentCalls }, () => this.#work(this.#stopping.signal))
  }

  async stop(graceMs = 30_000): Promise<void> {
    if (this.#tracker.state === 'stopped') return
    this.#tracker.state = 'stopping'
    this.#stopping.abort()
    const finished = await this.#tracker.idle(graceMs)
    if (!finished) {
      this.#settings.logger.warn({ inFlight: this.#tracker.inFlight, graceMs }, 'stopped with messages still in flight')
    } else {
      await Promise.all(this.#workers)
    }
    this.#tracker.state = 'stopped'
  }

  status(): ConsumerStatus {
    return this.#tracker.status()
  }

  async #work(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const message = this.#queue.receive()
      if (!message) {
        await this.#queue.waitForMessage(signal)
        continue
      }
      this.#tracker.messageStarted()
      try {
        await this.#processor.process(
          {
            body: message.body,
            subject: message.messageType,
            applicationProperties: message.applicationProperties,
            correlationId: message.correlationId,
            messageId: message.messageId,
            previousDeliveries: message.deliveryCount - 1,
          },
          this.#settler(message),
          'embedded',
        )
      } finally {
        this.#tracker.messageFinished()
      }
    }
  }

  #settler(message: EmbeddedMessage): MessageSettler {
    const queue = this.#queue
    const settled = (ok: boolean): void => {
      if (!ok) throw Object.assign(new Error('the message lock expired before settlement'), { code: 'MessageLockLost' })
    }
    return {
      complete: async () => settled(queue.complete(message.lockToken)),
      deadLetter: async (reason, description) => settled(queue.deadLetter(message.lockToken, reason, description)),
      retryLater: async (plan, delayMs) => {
        const { messageId, correlationId, applicationProperties } = retryCopyFields(message, plan)
        queue.send(message.body, {
          ...(message.messageType !== undefined ? { messageType: message.messageType } : {}),
          ...(correlationId !== undefined ? { correlationId } : {}),
          messageId,
          applicationProperties,
          delayMs,
        })
        settled(queue.complete(message.lockToken))
      },
    }
  }
}
