import { createHash } from 'node:crypto'

/** A received message as any transport sees it, before decoding. */
export interface TransportMessage {
  /** As delivered: a parsed JSON value, a string, or bytes. */
  body: unknown
  subject?: string | undefined
  applicationProperties?: Record<string, unknown> | undefined
  correlationId?: unknown
  messageId?: unknown
  /** Deliveries of this copy before this one (0 on the first delivery, as Service Bus reports it). */
  previousDeliveries: number
}

/**
 * Application property a scheduled retry copy carries: the attempt number it represents. A copy starts a
 * fresh delivery count, so the count alone cannot tell how often the message was tried.
 */
export const ATTEMPT_PROPERTY = 'retryAttempt'
/**
 * Application property a waiting copy carries: how many times this attempt went back to wait (a paced sender's
 * slot). It only makes each waiting copy's message id its own; a counted retry drops it.
 */
export const WAITS_PROPERTY = 'retryWaits'
/** Application property naming the message a retry copy was made from. */
export const ORIGINAL_MESSAGE_ID_PROPERTY = 'originalMessageId'
/** Application property that can carry the message type when `subject` is empty. */
export const MESSAGE_TYPE_PROPERTY = 'messageType'

/** The suffix a retry copy's message id ends in; a copy of a copy replaces it. */
const RETRY_ID_SUFFIX = /:retry:\d+(?::wait:\d+)?$/

/** What a scheduled retry copy stands for. */
export interface RetryCopyPlan {
  /** The attempt number the copy carries. */
  attempt: number
  /**
   * False for a message that only waits (`countsAsAttempt: false`): the copy keeps the attempt of the message it
   * copies, and its id gets a `:wait:<n>` of its own.
   */
  countsAsAttempt: boolean
}

/**
 * Ids and properties of the scheduled copy for `plan`: `<id>:retry:<attempt>` for a counted retry,
 * `<id>:retry:<attempt>:wait:<n>` for a wait (a wait keeps the attempt, so without the `:wait:<n>` it would reuse
 * the id of the copy it was made from, and duplicate detection would drop it). The message id is deterministic, so a copy
 * scheduled twice (a crash between scheduling and completing the original) is dropped by the retry queue's
 * duplicate detection; the correlation and the trace context (`traceparent`, `Diagnostic-Id`, like every other
 * application property) survive, the correlation id even when the producer set only a message id.
 *
 * The id is built from the message being retried, less its own `:retry:<n>`, not from `originalMessageId`: a
 * replayed dead letter (`<id>:replay:<sequence number>`) starts a new run whose copies must not reuse the ids
 * of the first run's copies, or duplicate detection would drop them while the first run's ids are still in its
 * window.
 */
export function retryCopyFields<Id, Property>(
  original: { messageId?: Id | undefined; correlationId?: Id | undefined; applicationProperties?: Record<string, Property> | undefined },
  plan: RetryCopyPlan,
): { messageId: string; correlationId: Id | undefined; applicationProperties: Record<string, Property | string | number> } {
  const { [WAITS_PROPERTY]: previousWaits, ...properties } = original.applicationProperties ?? {}
  const ownId = String(original.messageId ?? '')
  const originalId = String(properties[ORIGINAL_MESSAGE_ID_PROPERTY] ?? ownId)
  const run = ownId.replace(RETRY_ID_SUFFIX, '')
  // Service Bus message ids are limited to 128 characters.
  const base = run.length > 100 ? createHash('sha256').update(run).digest('hex').slice(0, 40) : run
  const correlationId = original.correlationId ?? original.messageId
  const copied = { ...properties, [ATTEMPT_PROPERTY]: plan.attempt, [ORIGINAL_MESSAGE_ID_PROPERTY]: originalId }
  // The id follows the copy being retried (the attempt it carries), never its delivery count: a copy that loses
  // its lock after scheduling its successor schedules it again on redelivery, and only the same id lets duplicate
  // detection keep one chain.
  const generation = positiveInteger(properties[ATTEMPT_PROPERTY]) ?? 1
  if (plan.countsAsAttempt) {
    return { messageId: `${base}:retry:${generation + 1}`, correlationId, applicationProperties: copied }
  }
  const waits = (positiveInteger(previousWaits) ?? 0) + 1
  return {
    messageId: `${base}:retry:${generation}:wait:${waits}`,
    correlationId,
    applicationProperties: { ...copied, [WAITS_PROPERTY]: waits },
  }
}

function positiveInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined
}
