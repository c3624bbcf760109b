import type { InboundMessage } from '@sms-notification/core'
import { ATTEMPT_PROPERTY, MESSAGE_TYPE_PROPERTY, type TransportMessage } from './transport-message.js'

export type DecodeResult =
  | { kind: 'decoded'; message: InboundMessage }
  | { kind: 'rejected'; reason: 'UnknownMessageType' | 'UnparseableBody'; description: string }

/**
 * Turns a transport message into the core's `InboundMessage`, or says why it can never be handled. A rejection
 * is permanent: retrying the same bytes cannot succeed.
 */
export function decodeInboundMessage(message: TransportMessage, messageTypes: ReadonlySet<string>): DecodeResult {
  const properties = message.applicationProperties ?? {}
  const messageType = nonEmptyString(message.subject) ?? nonEmptyString(properties[MESSAGE_TYPE_PROPERTY])
  if (messageType === undefined) {
    return {
      kind: 'rejected',
      reason: 'UnknownMessageType',
      description: `message has no type: neither subject nor the ${MESSAGE_TYPE_PROPERTY} application property is set`,
    }
  }
  if (!messageTypes.has(messageType)) {
    return {
      kind: 'rejected',
      reason: 'UnknownMessageType',
      description: `unknown message type '${messageType.slice(0, 100)}'; handled types: ${[...messageTypes].join(', ')}`,
    }
  }
  const body = parseBody(message.body)
  if (body.kind === 'unparseable') return { kind: 'rejected', reason: 'UnparseableBody', description: body.description }

  const carried = positiveInteger(properties[ATTEMPT_PROPERTY]) ?? 1
  return {
    kind: 'decoded',
    message: {
      messageType,
      body: body.value,
      attempt: carried + Math.max(0, message.previousDeliveries),
      ...messageCorrelation(message),
    },
  }
}

/**
 * The correlation id (`correlationId`, else `messageId`) and W3C trace context (`traceparent`, else
 * `Diagnostic-Id`) of a message, present only when set. Readable even from a message that cannot be decoded,
 * so every log line about a message can carry them.
 */
export function messageCorrelation(message: TransportMessage): { correlationId?: string; traceparent?: string } {
  const properties = message.applicationProperties ?? {}
  const correlationId = idString(message.correlationId) ?? idString(message.messageId)
  const traceparent = nonEmptyString(properties['traceparent']) ?? nonEmptyString(properties['Diagnostic-Id'])
  return {
    ...(correlationId !== undefined ? { correlationId } : {}),
    ...(traceparent !== undefined ? { traceparent } : {}),
  }
}

type ParsedBody = { kind: 'parsed'; value: unknown } | { kind: 'unparseable'; description: string }

function parseBody(body: unknown): ParsedBody {
  if (body === undefined || body === null) return { kind: 'unparseable', description: 'message has no body' }
  if (typeof body === 'string') return parseJsonText(body, 'string')
  if (body instanceof Uint8Array) return parseJsonText(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), 'bytes')
  if (body instanceof ArrayBuffer) return parseJsonText(Buffer.from(body).toString('utf8'), 'bytes')
  if (typeof body === 'object') return { kind: 'parsed', value: body }
  return { kind: 'unparseable', description: `body is a ${typeof body}, expected a JSON object, a JSON string or JSON bytes` }
}

function parseJsonText(text: string, form: 'string' | 'bytes'): ParsedBody {
  try {
    return { kind: 'parsed', value: JSON.parse(text) }
  } catch {
    // The parser's own message quotes the body, which may hold a phone number: describe it instead.
    return { kind: 'unparseable', description: `body is not valid JSON (${form}, ${text.length} characters)` }
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

function positiveInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined
}

/** Service Bus ids may be strings, numbers or bytes. */
function idString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  return undefined
}
