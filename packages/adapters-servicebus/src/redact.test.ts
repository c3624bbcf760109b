import { describe, expect, it } from 'vitest'
import { redactPhoneNumbers } from './redact.js'

describe('redactPhoneNumbers', () => {
  it('masks phone numbers in free text and leaves short numbers alone', () => {
    const text = redactPhoneNumbers('send to +14155550100 failed after 3 tries (code 30003), fallback 0044 20 7946 0958')
    expect(text).not.toMatch(/4155550100|7946/)
    expect(text).toContain('+1********00')
    expect(text).toContain('3 tries (code 30003)')
  })
})
