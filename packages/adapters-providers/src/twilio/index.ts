export { TwilioSmsProvider } from './twilio-sms-provider.js'
export { createTwilioSmsProvider } from './create-twilio-sms-provider.js'
export type { TwilioSmsProviderOptions } from './twilio-sms-provider-options.js'
export { classifyTwilioError } from './classify-twilio-error.js'
