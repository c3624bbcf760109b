import { describe, expect, it } from 'vitest'
import { classifyInbound, classifyKeyword } from './keyword-classifier.js'

describe('classifyKeyword', () => {
  it.each([
    ['STOP', 'opt_out'],
    ['  stop  ', 'opt_out'],
    ['Stop!', 'opt_out'],
    ['stop all', 'opt_out'],
    ['STOPALL', 'opt_out'],
    ['unsubscribe', 'opt_out'],
    ['Cancel', 'opt_out'],
    ['end', 'opt_out'],
    ['quit', 'opt_out'],
    ['revoke', 'opt_out'],
    ['optout', 'opt_out'],
    ['START', 'opt_in'],
    ['yes', 'opt_in'],
    ['unstop', 'opt_in'],
    ['help', 'help'],
    ['INFO', 'help'],
    ["don't stop", 'other'],
    ['stop please', 'other'],
    ['', 'other'],
  ] as const)('%j → %s', (text, intent) => {
    expect(classifyKeyword(text)).toBe(intent)
  })
  it('treats null and undefined as other', () => {
    expect(classifyKeyword(null)).toBe('other')
    expect(classifyKeyword(undefined)).toBe('other')
  })
})

describe('classifyInbound', () => {
  it('lets the provider intent win over the keyword', () => {
    expect(classifyInbound('hello', 'STOP')).toBe('opt_out')
    expect(classifyInbound('STOP', 'optin')).toBe('opt_in')
    expect(classifyInbound('whatever', 'help')).toBe('help')
  })
  it('falls back to the keyword when the provider intent is empty or unknown', () => {
    expect(classifyInbound('STOP', '')).toBe('opt_out')
    expect(classifyInbound('START', 'something-else')).toBe('opt_in')
  })
})
