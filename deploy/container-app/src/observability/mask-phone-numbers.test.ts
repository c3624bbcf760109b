import { describe, expect, it } from 'vitest'
import { maskPhoneNumbersInFields, maskPhoneNumbersInText, maskPhoneNumbersInUrl } from './mask-phone-numbers.js'

describe('maskPhoneNumbersInText', () => {
  it('masks raw, URL-encoded and JSON-escaped E.164 numbers, keeping country code and last two digits', () => {
    expect(maskPhoneNumbersInText('GET /api/consent/7/+14155550100')).toBe('GET /api/consent/7/+1********00')
    expect(maskPhoneNumbersInText('/api/consent/7/%2B14155550100?x=1')).toBe('/api/consent/7/%2B1********00?x=1')
    expect(maskPhoneNumbersInText('"to":"\\u002b442071838750"')).toBe('"to":"\\u002b44********50"')
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
})
