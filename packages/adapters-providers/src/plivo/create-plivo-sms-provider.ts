import { PlivoSmsProvider } from './plivo-sms-provider.js'
import type { PlivoSmsProviderOptions } from './plivo-sms-provider-options.js'

export function createPlivoSmsProvider(options: PlivoSmsProviderOptions): PlivoSmsProvider {
  return new PlivoSmsProvider(options)
}
