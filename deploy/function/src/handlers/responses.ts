import type { HttpResponseInit } from '@azure/functions'
import type { WebhookAcknowledgement } from '@sms-notification/adapters-providers/twilio/webhooks'
import type { ForwardResult } from '../forwarding/forward-result.js'

export function acknowledge(ack: WebhookAcknowledgement): HttpResponseInit {
  return ack.contentType
    ? { status: ack.status, headers: { 'content-type': ack.contentType }, body: ack.body }
    : { status: ack.status, body: ack.body }
}

export function plain(status: number, body: string): HttpResponseInit {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body }
}

/**
 * The answer once the service has been called. Accepted and permanently rejected both acknowledge (the
 * provider retrying the same payload cannot help); a failure answers 5xx so the provider tries again later.
 */
export function afterForward(result: ForwardResult, ack: WebhookAcknowledgement): HttpResponseInit {
  if (result.kind !== 'failed') return acknowledge(ack)
  return result.reason === 'unauthorized' ? plain(500, 'Internal Server Error') : plain(503, 'Service Unavailable')
}
