import { classifyInbound } from '@sms-notification/core/inbound'
import { webhookNumberToE164 } from './e164.js'
import type { InboundMessage } from './inbound-message.js'
import { paramValue, type WebhookParams } from './webhook-params.js'
import type { WebhookParseResult } from './webhook-parse-result.js'

/** Reads Twilio's inbound-message webhook. `OptOutType` (Advanced Opt-Out) wins over keyword matching. */
export function parseTwilioInbound(params: WebhookParams, receivedAt: Date): WebhookParseResult<InboundMessage> {
  const providerMessageId = paramValue(params, 'MessageSid') ?? paramValue(params, 'SmsSid')
  if (!providerMessageId) return { kind: 'invalid', reason: 'MessageSid is missing' }
  const rawFrom = paramValue(params, 'From')
  // WhatsApp and other channels address as `whatsapp:+1...`: not SMS consent, so not ours to act on.
  if (rawFrom?.includes(':')) return { kind: 'ignored', reason: 'not an SMS sender' }
  const from = webhookNumberToE164(rawFrom)
  if (!from) return { kind: 'invalid', reason: 'From is not a phone number' }
  const to = webhookNumberToE164(paramValue(params, 'To'))
  if (!to) return { kind: 'invalid', reason: 'To is not a phone number' }
  const text = paramValue(params, 'Body') ?? ''
  return {
    kind: 'parsed',
    value: {
      provider: 'twilio',
      from,
      to,
      text,
      providerMessageId,
      intent: classifyInbound(text, paramValue(params, 'OptOutType')),
      receivedAt,
    },
  }
}
