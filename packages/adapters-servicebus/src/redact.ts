import { maskPhoneNumber } from '@sms-notification/core'

const PHONE_LIKE = /\+?\d[\d\s().-]{6,}\d/g

/** Masks anything that looks like a phone number in free text (an error message headed for a log). */
export function redactPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE, (match) => (match.replace(/\D/g, '').length >= 8 ? maskPhoneNumber(match) : match))
}
