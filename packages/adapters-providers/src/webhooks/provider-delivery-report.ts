import { webhookNumberToE164 } from './e164.js'
import type { DeliveryReport } from '@sms-notification/core/inbound'
import { paramValue, type WebhookParams } from './webhook-params.js'

/**
 * A parsed delivery callback: the core's `DeliveryReport`, whose `recipientOptedOut` carries the opt-out a
 * callback can reveal (Plivo ErrorCode 200, Twilio 21610) and `from`/`to` the numbers.
 */
export type ProviderDeliveryReport = DeliveryReport

/**
 * Adds the callback's `From` (the venue's number) and `To` (the customer) in E.164. A sender the provider does
 * not give as a number (a Messaging Service, an alphanumeric id) is left out rather than guessed.
 */
export function withAddresses(report: ProviderDeliveryReport, params: WebhookParams): ProviderDeliveryReport {
  const from = webhookNumberToE164(paramValue(params, 'From'))
  const to = webhookNumberToE164(paramValue(params, 'To'))
  if (from) report.from = from
  if (to) report.to = to
  return report
}
