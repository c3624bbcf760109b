import { describe, expect, it } from 'vitest'
import { isE164, maskPhoneNumber, normalizePhoneNumber } from './e164.js'

describe('normalizePhoneNumber', () => {
  it.each([
    ['+14155550100', '+14155550100'],
    ['(415) 555-0100', '+14155550100'],
    ['415.555.0100', '+14155550100'],
    ['+44 20 7946 0958', '+442079460958'],
    ['14155550100', '+14155550100'],
  ])('%s → %s', (raw, e164) => {
    expect(normalizePhoneNumber(raw)).toMatchObject({ ok: true, e164 })
  })
  it('reads national numbers in the default region', () => {
    expect(normalizePhoneNumber('020 7946 0958', 'GB')).toMatchObject({ ok: true, e164: '+442079460958', country: 'GB' })
    expect(normalizePhoneNumber('0412 345 678', 'AU')).toMatchObject({ ok: true, e164: '+61412345678' })
  })
  it.each(['', '   ', 'notaphone', '+1', '+1415555', '12345', '+999999999999'])('rejects %j', (raw) => {
    expect(normalizePhoneNumber(raw).ok).toBe(false)
  })
  it('rejects null and undefined as empty', () => {
    expect(normalizePhoneNumber(null)).toEqual({ ok: false, reason: 'empty' })
    expect(normalizePhoneNumber(undefined)).toEqual({ ok: false, reason: 'empty' })
  })
})

describe('isE164', () => {
  it('accepts only + and 7..15 digits', () => {
    expect(isE164('+14155550100')).toBe(true)
    expect(isE164('14155550100')).toBe(false)
    expect(isE164('+0123456789')).toBe(false)
    expect(isE164('+1234567890123456')).toBe(false)
  })
})

describe('maskPhoneNumber', () => {
  it('keeps the country code and the last two digits', () => {
    expect(maskPhoneNumber('+14155550100')).toBe('+1********00')
    expect(maskPhoneNumber('+442079460958')).toBe('+44********58')
  })
  it('never returns the full number', () => {
    for (const n of ['+14155550100', '14155550100', '+61412345678']) {
      expect(maskPhoneNumber(n)).not.toContain(n.replace('+', '').slice(2))
    }
  })
  it('masks short or empty input whole', () => {
    expect(maskPhoneNumber('')).toBe('')
    expect(maskPhoneNumber('123')).toBe('***')
  })
})
