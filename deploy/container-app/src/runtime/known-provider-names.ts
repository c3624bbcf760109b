import type { EnvConfig } from '../config/config-schema.js'
import { BUILT_IN_PROVIDERS } from '../http/provider-name.js'

/** Provider names a caller may use: the built-in adapters plus whatever is configured as primary or fallback. */
export function knownProviderNames(env: Pick<EnvConfig, 'SMS_PROVIDER' | 'SMS_FALLBACK_PROVIDER'>): string[] {
  const configured = [env.SMS_PROVIDER, env.SMS_FALLBACK_PROVIDER].filter((p): p is NonNullable<typeof p> => p !== undefined)
  return [...new Set([...BUILT_IN_PROVIDERS, ...configured])]
}
