/** A message as a transport hands it to the core (Service Bus, the embedded queue, or a direct call). */
export interface InboundMessage {
  /** Message type name, e.g. `SendOrderConfirmationSms` (Service Bus `subject` or an application property). */
  messageType: string
  /** Parsed JSON body (transports parse bytes/strings first; an unparseable body never reaches the core). */
  body: unknown
  /** 1-based attempt number: the transport's delivery count plus any attempts carried by a scheduled retry. */
  attempt: number
  /** Service Bus correlationId, else messageId. */
  correlationId?: string
  /** W3C trace context (`traceparent` or `Diagnostic-Id`). */
  traceparent?: string
}

/** What the transport must do with the message. */
export type HandleOutcome =
  | { action: 'ack'; result: string }
  /**
   * `countsAsAttempt: false`: the message is not failing, only waiting (a paced sender's next slot); the
   * transport brings it back after `delayMs` with the same attempt number and never dead-letters it for this.
   */
  | { action: 'retry'; delayMs: number; reason: string; countsAsAttempt?: false }
  | { action: 'dead-letter'; reason: DeadLetterReason; description: string }

export type DeadLetterReason =
  | 'InvalidEvent'
  | 'UnknownMessageType'
  | 'RetriesExhausted'
  | 'ProviderConfigurationError'
  | 'MessageTooLong'
  | 'UnparseableBody'

/** Handles one inbound message; implemented by the orchestrator. Must not throw for expected outcomes. */
export type MessageHandler = (message: InboundMessage) => Promise<HandleOutcome>
