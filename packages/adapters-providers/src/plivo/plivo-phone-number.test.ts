import { describe, expect, it } from 'vitest'
import { fromPlivoNumber, toPlivoNumber } from './plivo-phone-number.js'

describe('Plivo number spelling', () => {
  it('drops and restores the plus', () => {
    expect(toPlivoNumber('+14155550100')).toBe('14155550100')
    expect(fromPlivoNumber('14155550100')).toBe('+14155550100')
    expect(fromPlivoNumber(toPlivoNumber('+447911123456'))).toBe('+447911123456')
  })
})
