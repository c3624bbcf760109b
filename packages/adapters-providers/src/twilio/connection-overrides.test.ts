import { describe, expect, it } from 'vitest'
import { parseConnectionOverrides, withConnectionOverrides } from './connection-overrides.js'

describe('Twilio connection overrides', () => {
  it('accepts key=value pairs, with or without a leading #, and nothing when unset', () => {
    expect(parseConnectionOverrides('rc=3&rt=5000')).toBe('rc=3&rt=5000')
    expect(parseConnectionOverrides('#rc=3')).toBe('rc=3')
    expect(parseConnectionOverrides(undefined)).toBeUndefined()
    expect(parseConnectionOverrides('')).toBeUndefined()
  })

  it('refuses anything that is not a fragment of key=value pairs', () => {
    for (const bad of ['rc', 'rc=3&', 'rc=3#rt=1', 'rc=3 rt=1', 'https://x/y', 'rc=<script>']) {
      expect(() => parseConnectionOverrides(bad), bad).toThrow(/key=value/)
    }
  })

  it('appends the fragment to a URL without one and leaves a URL that has one alone', () => {
    expect(withConnectionOverrides('https://h.test/api/twilio/webhook?v=1', 'rc=3')).toBe('https://h.test/api/twilio/webhook?v=1#rc=3')
    expect(withConnectionOverrides('https://h.test/api/twilio/webhook#rc=1', 'rc=3')).toBe('https://h.test/api/twilio/webhook#rc=1')
    expect(withConnectionOverrides('https://h.test/api/twilio/webhook', undefined)).toBe('https://h.test/api/twilio/webhook')
  })
})
