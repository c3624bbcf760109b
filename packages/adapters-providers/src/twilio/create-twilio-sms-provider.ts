import { TwilioSmsProvider } from './twilio-sms-provider.js'
import type { TwilioSmsProviderOptions } from './twilio-sms-provider-options.js'

export function createTwilioSmsProvider(options: TwilioSmsProviderOptions): TwilioSmsProvider {
  return new TwilioSmsProvider(options)
}
