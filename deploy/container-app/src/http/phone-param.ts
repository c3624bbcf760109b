import { isE164, normalizePhoneNumber } from '@sms-notification/core'
import { ApiError } from './api-error.js'

// Full-metadata validation is the most expensive step of a consent lookup, and the same few numbers are asked
// about again and again. The answer never changes for a given string, so a bounded memo is safe.
const MEMO_LIMIT = 10_000
const memo = new Map<string, string | null>()

function validE164(value: string, defaultRegion: string): string | null {
  const key = `${defaultRegion}|${value}`
  const known = memo.get(key)
  if (known !== undefined) return known
  const normalized = isE164(value) ? normalizePhoneNumber(value, defaultRegion) : null
  const result = normalized?.ok ? normalized.e164 : null
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(key, result)
  return result
}

/** An API phone number: E.164 (`+` raw or `%2B`, already decoded by the router) and valid for its country. */
export function parsePhoneParam(raw: string, field: string, defaultRegion: string): string {
  const e164 = validE164(raw.trim(), defaultRegion)
  if (e164 === null) {
    throw new ApiError(400, 'INVALID_PHONE', `${field} must be a valid E.164 phone number such as +14155550100`, [
      { field, message: 'not a valid E.164 phone number' },
    ])
  }
  return e164
}
