import type { MessageHandler, OptOutPublisher } from '@sms-notification/core'

export interface ConsumerStatusView {
  state: 'starting' | 'running' | 'stopping' | 'stopped' | 'failed'
  lastError?: { code: string }
}

export interface DeadLetterView {
  messageId: string
  reason: string
  description: string
  deadLetteredAt: string | null
  messageType: string | null
  correlationId: string | null
}

/**
 * Where events come from and consent events go: the embedded in-process queue or Service Bus. main, the CLI
 * and the dev routes talk to this, never to a transport SDK.
 */
export interface Transport {
  kind: 'embedded' | 'servicebus'
  publisher: OptOutPublisher
  /** Starts feeding messages to the handler. */
  startConsumer(handler: MessageHandler): Promise<void>
  consumerStatus(): ConsumerStatusView
  /** Puts an event on the queue the consumer reads (dev route, `send-sample`). */
  send(body: unknown, options: { messageType: string; correlationId: string }): Promise<{ messageId: string }>
  deadLetters(): Promise<DeadLetterView[]>
  replayDeadLetter(messageId: string): Promise<boolean>
  /** Stops receiving, gives in-flight messages `graceMs`, then closes. */
  close(graceMs: number): Promise<void>
}
