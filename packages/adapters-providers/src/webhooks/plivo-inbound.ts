import { classifyInbound } from '@sms-notification/core/inbound'
import { webhookNumberToE164 } from './e164.js'
import type { InboundMessage } from './inbound-message.js'
import { paramValue, type WebhookParams } from './webhook-params.js'
import type { WebhookParseResult } from './webhook-parse-result.js'

/**
 * Reads Plivo's inbound-message webhook. Numbers arrive as bare digits with the country code; `MessageIntent`
 * (`optout` / `optin` / `help`) wins over keyword matching.
 */
export function parsePlivoInbound(params: WebhookParams, receivedAt: Date): WebhookParseResult<InboundMessage> {
  const providerMessageId = paramValue(params, 'MessageUUID')
  if (!providerMessageId) return { kind: 'invalid', reason: 'MessageUUID is missing' }
  const from = webhookNumberToE164(paramValue(params, 'From'))
  if (!from) return { kind: 'invalid', reason: 'From is not a phone number' }
  const to = webhookNumberToE164(paramValue(params, 'To'))
  if (!to) return { kind: 'invalid', reason: 'To is not a phone number' }
  // SMS carries `Text`; MMS carries `Body`.
  const text = paramValue(params, 'Text') ?? paramValue(params, 'Body') ?? ''
  return {
    kind: 'parsed',
    value: {
      provider: 'plivo',
      from,
      to,
      text,
      providerMessageId,
      intent: classifyInbound(text, paramValue(params, 'MessageIntent')),
      receivedAt,
    },
  }
}
