import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from './retry-after.js'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-15T12:00:00.000Z')
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(['2'], now)).toBe(2000)
    expect(parseRetryAfter('0', now)).toBe(0)
  })
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 15 Jan 2026 12:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Thu, 15 Jan 2026 11:00:00 GMT', now)).toBe(0)
  })
  it('caps absurd waits and ignores garbage', () => {
    expect(parseRetryAfter('999999', now)).toBe(15 * 60 * 1000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
  })
})
