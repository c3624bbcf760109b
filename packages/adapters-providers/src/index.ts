// Light entry point: no provider SDK is loaded from here. Import `./twilio` or `./plivo` for the adapters.
export { SimulatedSmsProvider, fictionalNumber, isFictionalNumber } from './simulated/index.js'
export type { SimulatedMessage, SimulatedSmsProviderOptions } from './simulated/index.js'
export type { TwilioSmsProviderOptions } from './twilio/twilio-sms-provider-options.js'
export type { PlivoSmsProviderOptions } from './plivo/plivo-sms-provider-options.js'
