import type { DeliveryReport } from '@sms-notification/core/inbound'

/** The core's delivery report plus what a callback can reveal about consent. */
export interface ProviderDeliveryReport extends DeliveryReport {
  /**
   * The provider refused the message because the recipient had opted out at the carrier or provider
   * (Plivo ErrorCode 200, Twilio 21610): the service should record an opt-out.
   */
  recipientOptedOut?: boolean
}
