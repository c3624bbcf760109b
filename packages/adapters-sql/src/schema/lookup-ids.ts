import type { ConsentSource, ConsentStatus, SendStatus, VenueNumberStatus } from '@sms-notification/core'

/**
 * Lookup rows seeded by the migrations with fixed IDs, so repositories translate names without a query.
 * Providers are not here: new providers register themselves (see ProviderRegistry).
 */
export const SEEDED_PROVIDERS = { twilio: 1, plivo: 2, simulated: 3 } as const

export const VENUE_NUMBER_STATUS_IDS: Record<VenueNumberStatus, number> = { active: 1, inactive: 2, released: 3 }

export const CONSENT_STATUS_IDS: Record<ConsentStatus, number> = { opted_in: 1, opted_out: 2 }

export const CONSENT_SOURCE_IDS: Record<ConsentSource, number> = {
  checkout: 1,
  account_settings: 2,
  support_request: 3,
  sms_keyword: 4,
  provider_rejection: 5,
  carrier_report: 6,
}

export const SEND_STATUS_IDS: Record<SendStatus, number> = {
  sent: 1,
  failed: 2,
  skipped_no_consent: 3,
  blocked_opted_out: 4,
  pending: 5,
  skipped_cancelled: 6,
}

export function nameOfId<N extends string>(ids: Record<N, number>, id: number): N {
  for (const [name, value] of Object.entries(ids) as Array<[N, number]>) {
    if (value === id) return name
  }
  throw new Error(`unknown lookup id ${id}`)
}
