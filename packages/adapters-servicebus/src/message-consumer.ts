export type ConsumerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed'

export interface ConsumerError {
  /** Stable code, e.g. a Service Bus error code (`MessagingEntityNotFound`). */
  code: string
  message: string
  at: Date
}

export interface ConsumerStatus {
  state: ConsumerState
  lastError?: ConsumerError
  /** When the last message arrived from the transport. */
  lastMessageAt?: Date
  /** Messages handed to the handler and not yet settled. */
  inFlight: number
}

/**
 * A transport that feeds inbound messages to a `MessageHandler` and settles them by its outcome. Both the
 * Service Bus consumer and the embedded queue consumer implement it and pass the same contract suite
 * (`@sms-notification/adapters-servicebus/testing`).
 */
export interface MessageConsumer {
  start(): Promise<void>
  /**
   * Receives nothing new, lets in-flight messages finish and settle for up to `graceMs`, then closes the
   * transport. Messages still running after the grace period are left to the broker's lock expiry.
   */
  stop(graceMs?: number): Promise<void>
  /** For readiness: `failed` means the consumer stopped itself on a fatal transport error. */
  status(): ConsumerStatus
}
