import { maskPhoneNumber } from '@sms-notification/core'

// What people and URL encoders put between the digits of a phone number: space, `-`, `.`, parentheses, and
// their URL-encoded forms (%20 space, %28 `(`, %29 `)`). At most three in a row, which bounds the backtracking.
const SEP = String.raw`(?:[\s.()-]|%2[089])`
const DIGITS = String.raw`\d(?:${SEP}{0,3}\d)*`
// A `+` (raw, URL-encoded or JSON-escaped), optional separators, then digits with separators.
const PREFIXED_RUN = new RegExp(String.raw`(\+|%2[Bb]|\\u002[Bb])(${SEP}{0,3}${DIGITS})`, 'g')
// A run without `+` (a URL may carry the number without it) that starts a token: not inside a word, an id
// (`-`, `.`) or a percent escape.
const BARE_RUN = new RegExp(String.raw`(?<![\w%.-])(${SEP}{0,3})(${DIGITS})`, 'g')
const SEPARATORS = new RegExp(SEP, 'g')
// The strict form, for bare runs too long to be one number once separators are dropped (ids, several figures):
// contiguous digits only, as a number is most often written.
const BARE_NUMBER = /(?<![\w-])(\d{10,15})(?![\w-])/g
const PHONE_KEY = /phone|^(to|from|msisdn|recipient|sender|dst|src)$/i
const WORD_AFTER = /^-?\w/

function maskDigits(digits: string): string {
  return maskPhoneNumber(`+${digits}`).slice(1)
}

/**
 * Masks every `+`-prefixed phone number in free text, also when written with separators or URL-encoded
 * (`/api/consent/7/+14155550100` → `…/+1********00`, `+1%20415%20555%200100` → `+1********00`).
 */
export function maskPhoneNumbersInText(text: string): string {
  return text.replace(PREFIXED_RUN, (run: string, plus: string, rest: string) => {
    const digits = rest.replace(SEPARATORS, '')
    // Longer than a number: a number followed by other figures. All of it is masked rather than risk a leak.
    return digits.length < 7 ? run : `${plus}${maskDigits(digits)}`
  })
}

/**
 * Masks a request URL: prefixed numbers, and runs of 10 to 15 digits (separators ignored) standing alone, as a
 * phone without its `+` (`(415)%20555-0102`). Ids are left alone: runs inside a word or a UUID, or followed by
 * letters.
 */
export function maskPhoneNumbersInUrl(url: string): string {
  return maskPhoneNumbersInText(url).replace(BARE_RUN, (run: string, lead: string, rest: string, offset: number, whole: string) => {
    const digits = rest.replace(SEPARATORS, '')
    if (digits.length < 10) return run
    if (digits.length > 15) return run.replace(BARE_NUMBER, (d: string) => maskDigits(d))
    if (WORD_AFTER.test(whole.slice(offset + run.length, offset + run.length + 2))) return run
    return `${lead}${maskDigits(digits)}`
  })
}

/**
 * Masks log fields: values under phone-like keys whole (they may lack the `+`, as Plivo sends them), and
 * phone numbers inside any other string. Only plain objects and arrays are walked: class instances (requests,
 * errors) go through their serializers.
 */
export function maskPhoneNumbersInFields(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') {
    return PHONE_KEY.test(key) && /\d{6,}/.test(value.replace(/[\s().-]|%2[089]/gi, ''))
      ? maskPhoneNumber(value)
      : maskPhoneNumbersInText(value)
  }
  if (value === null || typeof value !== 'object' || depth > 6) return value
  if (Array.isArray(value)) return value.map((v) => maskPhoneNumbersInFields(v, key, depth + 1))
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = maskPhoneNumbersInFields(v, k, depth + 1)
  return out
}
