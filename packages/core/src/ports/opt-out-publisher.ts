import type { ConsentChangedEvent } from '../consent/consent-types.js'

export type PublishResult = { kind: 'published' } | { kind: 'failed'; retryable: boolean; errorCode: string }

/** Publishes consent changes (`SmsUnsubscribe`, `SmsResubscribe`) to the `sms-optout` topic. */
export interface OptOutPublisher {
  publish(event: ConsentChangedEvent): Promise<PublishResult>
}
