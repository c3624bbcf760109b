import { describe, expect, it } from 'vitest'
import { foldToGsm } from './gsm-folding.js'
import { formatMoney } from './money-format.js'
import { isGsm7 } from './segment-counter.js'

describe('formatMoney', () => {
  it.each([
    [42.5, 'USD', 'en-US', '$42.50'],
    [1234.5, 'EUR', 'en-US', '€1,234.50'],
    [1234.5, 'EUR', 'de-DE', '1.234,50\u00A0€'],
    [1234.5, 'GBP', 'en-GB', '£1,234.50'],
    [1234.5, 'JPY', 'en-US', '¥1,235'],
    [0, 'usd', 'en-US', '$0.00'],
  ])('formats %d %s in %s as %s', (amount, currency, locale, expected) => {
    expect(formatMoney(amount, currency, locale)).toBe(expected)
  })

  it('defaults to USD and en-US', () => {
    expect(formatMoney(12, undefined, undefined)).toBe('$12.00')
    expect(formatMoney(12, '', '')).toBe('$12.00')
  })

  it('falls back to en-US for a locale Intl rejects', () => {
    expect(formatMoney(12, 'GBP', 'not a locale!')).toBe('£12.00')
  })

  it('falls back to amount and code for an invalid or unknown currency', () => {
    expect(formatMoney(12.5, 'EURO', 'en-US')).toBe('12.50 EURO')
    expect(formatMoney(12.5, 'XYZ', 'en-US')).toBe('12.50 XYZ')
    expect(formatMoney(3, '$', 'fr-FR')).toBe('3.00 $')
  })

  it('gives GSM-7 text after folding even where Intl uses special spaces or full-width signs', () => {
    const french = formatMoney(1234.5, 'EUR', 'fr-FR')
    expect(isGsm7(french)).toBe(false)
    expect(foldToGsm(french)).toBe('1 234,50 €')
    expect(foldToGsm(formatMoney(1234.5, 'JPY', 'ja-JP'))).toBe('¥1,235')
  })

  it('throws for an amount that is not a finite number (a defect upstream)', () => {
    expect(() => formatMoney(Number.NaN, 'USD', 'en-US')).toThrow(RangeError)
    expect(() => formatMoney(Number.POSITIVE_INFINITY, 'USD', 'en-US')).toThrow(RangeError)
  })
})
