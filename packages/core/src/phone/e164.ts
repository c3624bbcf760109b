import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'

export type PhoneNormalization =
  | { ok: true; e164: string; country: string | undefined }
  | { ok: false; reason: 'empty' | 'not_a_number' | 'invalid' }

/**
 * Normalizes a phone number to E.164 with libphonenumber-js' full metadata, so a number is accepted only when it
 * is valid for its country (not merely the right length). Numbers without a `+` are read in `defaultRegion`.
 */
export function normalizePhoneNumber(raw: string | null | undefined, defaultRegion: string = 'US'): PhoneNormalization {
  const key = `${defaultRegion}|${raw ?? ''}`
  const cached = recent.get(key)
  if (cached) return cached
  const result = Object.freeze(normalizeUncached(raw, defaultRegion))
  // Parsing with full metadata costs tens of microseconds; a burst for one venue repeats the same numbers.
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!)
  recent.set(key, result)
  return result
}

const RECENT_LIMIT = 10_000
const recent = new Map<string, PhoneNormalization>()

function normalizeUncached(raw: string | null | undefined, defaultRegion: string): PhoneNormalization {
  const input = (raw ?? '').trim()
  if (input === '') return { ok: false, reason: 'empty' }
  // Plivo sends international numbers as bare digits: 11+ digits that are not a North American 1+10 number.
  const candidate = /^[1-9]\d{10,14}$/.test(input) && !/^1\d{10}$/.test(input) ? `+${input}` : input
  const parsed = parsePhoneNumberFromString(candidate, defaultRegion as CountryCode)
  if (!parsed) return { ok: false, reason: 'not_a_number' }
  if (!parsed.isValid()) return { ok: false, reason: 'invalid' }
  return { ok: true, e164: parsed.number, country: parsed.country }
}

const E164 = /^\+[1-9]\d{6,14}$/

/** True when the string is already in E.164 form (a `+`, then 7 to 15 digits). */
export function isE164(value: string): boolean {
  return E164.test(value)
}

export { maskPhoneNumber } from './mask-phone-number.js'
