import { describe, expect, it } from 'vitest'
import { knownProviderNames } from '../runtime/known-provider-names.js'
import { BUILT_IN_PROVIDERS, providerName } from './provider-name.js'

describe('providerName', () => {
  const schema = providerName(BUILT_IN_PROVIDERS)

  it('lowercases a known name', () => {
    expect(schema.parse('Twilio')).toBe('twilio')
    expect(schema.parse(' PLIVO ')).toBe('plivo')
    expect(schema.parse('simulated')).toBe('simulated')
  })

  it('rejects unknown names, listing the known ones', () => {
    const result = schema.safeParse('sinch')
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('provider must be one of plivo, simulated, twilio')
    expect(schema.safeParse('').success).toBe(false)
  })

  it('also accepts configured names', () => {
    expect(providerName([...BUILT_IN_PROVIDERS, 'Sinch']).parse('SINCH')).toBe('sinch')
  })
})

describe('knownProviderNames', () => {
  it('is the built-in providers plus the configured primary and fallback, once each', () => {
    expect(knownProviderNames({ SMS_PROVIDER: 'twilio', SMS_FALLBACK_PROVIDER: 'plivo' }).sort()).toEqual(['plivo', 'simulated', 'twilio'])
    expect(knownProviderNames({ SMS_PROVIDER: 'simulated', SMS_FALLBACK_PROVIDER: undefined })).toHaveLength(3)
  })
})
