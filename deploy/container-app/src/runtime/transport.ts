import type { MessageHandler, OptOutPublisher } from '@sms-notification/core'

export interface ConsumerStatusView {
  state: 'starting' | 'running' | 'stopping' | 'stopped' | 'failed'
  /** On `failed`, the fatal error and when it happened. */
  lastError?: { code: string; at?: Date }
}

/** Messages an in-process queue still held when it closed: they are gone (nothing keeps them across restarts). */
export interface DroppedMessages {
  /** Retries and delayed sends waiting for their time. */
  scheduled: number
  /** Receivable, never picked up. */
  active: number
  /** Received by a handler that did not settle them within the grace period. */
  locked: number
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
  /** Stops receiving and gives in-flight messages `graceMs`; the publisher stays open (the outbox relay may still use it). */
  stopConsumer(graceMs: number): Promise<void>
  /**
   * Stops the consumer if it still runs, then closes the publisher and every client. Call it after the outbox
   * relay stopped: a relay round after this would reopen a client nobody closes. The embedded queue reports
   * what it dropped.
   */
  close(graceMs?: number): Promise<{ dropped?: DroppedMessages }>
}
