export { SimulatedSmsProvider } from './simulated-sms-provider.js'
export type { SimulatedMessage, SimulatedSmsProviderOptions } from './simulated-sms-provider.js'
export { fictionalNumber, isFictionalNumber } from './fictional-numbers.js'
