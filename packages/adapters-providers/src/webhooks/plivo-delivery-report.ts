import type { DeliveryStatus } from '@sms-notification/core/inbound'
import { withAddresses, type ProviderDeliveryReport } from './provider-delivery-report.js'
import { paramValue, type WebhookParams } from './webhook-params.js'
import type { WebhookParseResult } from './webhook-parse-result.js'

const STATUS: Record<string, DeliveryStatus> = {
  queued: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  rejected: 'failed',
}
/** The timestamp Plivo records for each status, so reports order by when things happened, not arrival. */
const TIME_FIELD: Record<DeliveryStatus, string> = {
  queued: 'QueuedTime',
  sent: 'SentTime',
  delivered: 'DeliveryReportTime',
  undelivered: 'DeliveryReportTime',
  failed: 'DeliveryReportTime',
}
/** "Source number blocked by STOP from destination number": the recipient opted out. */
const STOP_BLOCKED_CODE = '200'

/** Reads Plivo's message status callback. */
export function parsePlivoDeliveryReport(params: WebhookParams, receivedAt: Date): WebhookParseResult<ProviderDeliveryReport> {
  const providerMessageId = paramValue(params, 'MessageUUID')
  if (!providerMessageId) return { kind: 'invalid', reason: 'MessageUUID is missing' }
  const rawStatus = paramValue(params, 'Status')?.toLowerCase()
  if (!rawStatus) return { kind: 'invalid', reason: 'Status is missing' }
  const status = STATUS[rawStatus]
  if (!status) return { kind: 'ignored', reason: `unknown status ${rawStatus}` }
  const code = paramValue(params, 'ErrorCode')
  const hasError = code !== null && !/^0+$/.test(code)
  const report: ProviderDeliveryReport = {
    provider: 'plivo',
    providerMessageId,
    status,
    errorCode: hasError ? `plivo:${code}` : null,
    occurredAt: plivoTime(paramValue(params, TIME_FIELD[status])) ?? receivedAt,
  }
  if (code === STOP_BLOCKED_CODE) report.recipientOptedOut = true
  // Plivo gives both numbers as bare digits; webhookNumberToE164 adds the `+`.
  return { kind: 'parsed', value: withAddresses(report, params) }
}

/** Plivo's `YYYY-mm-dd HH:MM:SS.SSSSSS`, in UTC; null when absent or unreadable. */
function plivoTime(value: string | null): Date | null {
  const match = value ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(value) : null
  if (!match) return null
  const time = new Date(`${match[1]}T${match[2]}${match[3] ?? ''}Z`)
  return Number.isNaN(time.getTime()) ? null : time
}
