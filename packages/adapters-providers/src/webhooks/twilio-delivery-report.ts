import type { DeliveryStatus } from '@sms-notification/core/inbound'
import { withAddresses, type ProviderDeliveryReport } from './provider-delivery-report.js'
import { paramValue, type WebhookParams } from './webhook-params.js'
import type { WebhookParseResult } from './webhook-parse-result.js'

// `sending` is still inside Twilio (not yet handed to the carrier), so it counts as queued; `canceled` means
// a scheduled message never left, which for the history is a failure.
const STATUS: Record<string, DeliveryStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
}
const INBOUND_STATUSES = new Set(['receiving', 'received'])
/** Twilio's "attempt to send to unsubscribed recipient"; arrives asynchronously through Messaging Services. */
const OPTED_OUT_CODE = '21610'

/** Reads Twilio's status callback. Twilio sends no event time, so the receive time stands in. */
export function parseTwilioDeliveryReport(params: WebhookParams, receivedAt: Date): WebhookParseResult<ProviderDeliveryReport> {
  const providerMessageId = paramValue(params, 'MessageSid') ?? paramValue(params, 'SmsSid')
  if (!providerMessageId) return { kind: 'invalid', reason: 'MessageSid is missing' }
  const rawStatus = (paramValue(params, 'MessageStatus') ?? paramValue(params, 'SmsStatus'))?.toLowerCase()
  if (!rawStatus) return { kind: 'invalid', reason: 'MessageStatus is missing' }
  if (INBOUND_STATUSES.has(rawStatus)) return { kind: 'ignored', reason: 'status of an inbound message' }
  const status = STATUS[rawStatus]
  if (!status) return { kind: 'ignored', reason: `unknown status ${rawStatus}` }
  const code = paramValue(params, 'ErrorCode')
  const report: ProviderDeliveryReport = {
    provider: 'twilio',
    providerMessageId,
    status,
    errorCode: code && code !== '0' ? `twilio:${code}` : null,
    occurredAt: receivedAt,
  }
  if (code === OPTED_OUT_CODE) report.recipientOptedOut = true
  return { kind: 'parsed', value: withAddresses(report, params) }
}
