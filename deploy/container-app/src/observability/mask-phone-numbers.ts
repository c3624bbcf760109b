import { maskPhoneNumber } from '@sms-notification/core'

// A `+` (raw, JSON-escaped or URL-encoded) followed by the digits of an E.164 number.
const PREFIXED_NUMBER = /(\+|%2B|\\u002[bB])(\d{7,15})(?!\d)/g
// Bare 10-15 digit runs standing alone in a URL (a phone without its `+`), not parts of ids or UUIDs.
const BARE_NUMBER = /(?<![\w-])(\d{10,15})(?![\w-])/g
const PHONE_KEY = /phone|^(to|from|msisdn|recipient|sender|dst|src)$/i

/** Masks every `+`-prefixed phone number in free text (`/api/consent/7/+14155550100` → `…/+1********00`). */
export function maskPhoneNumbersInText(text: string): string {
  return text.replace(PREFIXED_NUMBER, (_, plus: string, digits: string) => {
    const masked = maskPhoneNumber(`+${digits}`)
    return `${plus}${masked.slice(1)}`
  })
}

/** Masks a request URL: prefixed numbers, and bare digit runs long enough to be a phone number. */
export function maskPhoneNumbersInUrl(url: string): string {
  return maskPhoneNumbersInText(url).replace(BARE_NUMBER, (digits: string) => maskPhoneNumber(digits).slice(1))
}

/**
 * Masks log fields: values under phone-like keys whole (they may lack the `+`, as Plivo sends them), and
 * phone numbers inside any other string. Only plain objects and arrays are walked: class instances (requests,
 * errors) go through their serializers.
 */
export function maskPhoneNumbersInFields(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') {
    return PHONE_KEY.test(key) && /\d{6,}/.test(value.replace(/[\s().-]/g, '')) ? maskPhoneNumber(value) : maskPhoneNumbersInText(value)
  }
  if (value === null || typeof value !== 'object' || depth > 6) return value
  if (Array.isArray(value)) return value.map((v) => maskPhoneNumbersInFields(v, key, depth + 1))
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = maskPhoneNumbersInFields(v, k, depth + 1)
  return out
}
