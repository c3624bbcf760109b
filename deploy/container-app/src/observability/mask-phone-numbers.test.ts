import { describe, expect, it } from 'vitest'
import { maskPhoneNumbersInFields, maskPhoneNumbersInText, maskPhoneNumbersInUrl } from './mask-phone-numbers.js'

describe('maskPhoneNumbersInText', () => {
  it('masks raw, URL-encoded and JSON-escaped E.164 numbers, keeping country code and last two digits', () => {
    expect(maskPhoneNumbersInText('GET /api/consent/7/+14155550100')).toBe('GET /api/consent/7/+1********00')
    expect(maskPhoneNumbersInText('/api/consent/7/%2B14155550100?x=1')).toBe('/api/consent/7/%2B1********00?x=1')
    expect(maskPhoneNumbersInText('"to":"\\u002b442071838750"')).toBe('"to":"\\u002b44********50"')
  })
  it('masks prefixed numbers written with separators or URL-encoded separators', () => {
    expect(maskPhoneNumbersInText('to +1 (415) 555-0199.')).toBe('to +1********99.')
    expect(maskPhoneNumbersInText('"url":"/+1%20415%20555%200100"')).toBe('"url":"/+1********00"')
    expect(maskPhoneNumbersInText('/x?p=%2b1%20%28415%29%20555.0104&y=2')).toBe('/x?p=%2b1********04&y=2')
    // Too many digits to be one number: a number next to other figures. Masked whole rather than leaked.
    expect(maskPhoneNumbersInText('+1 415 555 0100 2025-01-15')).toBe('+1****************15')
  })
  it('leaves timestamps, offsets and short signed numbers alone', () => {
    const line = '{"at":"2026-01-10T10:00:00.000+01:00","delta":"+12.5","range":"+1 - 2"}'
    expect(maskPhoneNumbersInText(line)).toBe(line)
  })
  it('leaves order ids, timestamps and short numbers alone', () => {
    const line = '{"time":1764400000000,"orderId":"0b6f1c2e-1234-4567-8901-123456789012","venueId":7}'
    expect(maskPhoneNumbersInText(line)).toBe(line)
  })
})

describe('maskPhoneNumbersInFields', () => {
  it('masks phone-like keys whole, even without a plus, and numbers inside other strings', () => {
    const masked = maskPhoneNumbersInFields({
      to: '14155550100',
      customerPhoneNumber: '+14155550100',
      note: 'sent to +14155550100',
      nested: [{ phone: '+442071838750' }],
      orderId: '0b6f1c2e-1234-4567-8901-123456789012',
      count: 14155550100,
    })
    expect(masked).toEqual({
      to: '+1********00',
      customerPhoneNumber: '+1********00',
      note: 'sent to +1********00',
      nested: [{ phone: '+44********50' }],
      orderId: '0b6f1c2e-1234-4567-8901-123456789012',
      count: 14155550100,
    })
  })
})

describe('maskPhoneNumbersInUrl', () => {
  it('also masks bare digit runs that could be a phone number, but not ids', () => {
    expect(maskPhoneNumbersInUrl('/api/consent/7/14155550100')).toBe('/api/consent/7/1********00')
    expect(maskPhoneNumbersInUrl('/api/history?phone=442071838750&limit=20')).toBe('/api/history?phone=44********50&limit=20')
    const id = '/api/history?orderId=0b6f1c2e-1234-4567-8901-123456789012&venueId=1234567'
    expect(maskPhoneNumbersInUrl(id)).toBe(id)
  })
  it('masks numbers with separators or URL-encoding, whether or not they carry the +', () => {
    expect(maskPhoneNumbersInUrl('/api/consent/7/+1%20415%20555%200100')).toBe('/api/consent/7/+1********00')
    expect(maskPhoneNumbersInUrl('/api/consent/7/+1-415-555-0101')).toBe('/api/consent/7/+1********01')
    expect(maskPhoneNumbersInUrl('/api/consent/7/(415)%20555-0102')).toBe('/api/consent/7/(41******02')
    expect(maskPhoneNumbersInUrl('/api/consent/7/%2B14155550103')).toBe('/api/consent/7/%2B1********03')
    expect(maskPhoneNumbersInUrl('/api/history?phone=%20%2B1%20415.555.0105&limit=5')).toBe('/api/history?phone=%20%2B1********05&limit=5')
    expect(maskPhoneNumbersInUrl('/api/history?phone=415%20555%200106')).toBe('/api/history?phone=41******06')
  })
  it('leaves ids, dates and digit runs inside words alone', () => {
    for (const url of [
      '/x/aaaaaaaa-bbbb-cccc-dddd-123456789012',
      '/x?from=2026-01-10T10:00:00.000Z&to=2026-01-11',
      '/x/1234567890abc',
      '/x/4155550100-abc',
      '/x?cursor=eyJhIjoxfQ-1234567890_12&limit=200',
      '/x/v1.4155550100',
    ]) {
      expect(maskPhoneNumbersInUrl(url)).toBe(url)
    }
  })
})
