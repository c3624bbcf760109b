import { z } from 'zod'

/** Providers the service has adapters for; every deployment knows these names. */
export const BUILT_IN_PROVIDERS = ['twilio', 'plivo', 'simulated'] as const

/**
 * A provider name from a caller. The SQL adapter registers a name it has not seen in its ProviderNames table, so
 * free text would grow that table; only names the service knows pass, case-insensitively (`Twilio` → `twilio`).
 */
export function providerName(known: readonly string[]) {
  const names = [...new Set(known.map((n) => n.toLowerCase()))].sort()
  const allowed = new Set(names)
  return z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => allowed.has(v), `provider must be one of ${names.join(', ')}`)
    .describe(`One of ${names.map((n) => `\`${n}\``).join(', ')} (case-insensitive)`)
}
