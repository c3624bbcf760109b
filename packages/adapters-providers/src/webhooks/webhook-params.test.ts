import { describe, expect, it } from 'vitest'
import { webhookNumberToE164 } from './e164.js'
import { readWebhookParams } from './read-webhook-params.js'
import { paramValue, parseFormParams, rawQueryOf } from './webhook-params.js'

describe('parseFormParams', () => {
  it('decodes form encoding and keeps every value of a repeated key', () => {
    expect(parseFormParams('From=%2B14155550100&Body=stop+now&M=a&M=b&M=c')).toEqual({
      From: '+14155550100',
      Body: 'stop now',
      M: ['a', 'b', 'c'],
    })
  })
})

describe('rawQueryOf', () => {
  it('returns the query exactly as written, without the fragment', () => {
    expect(rawQueryOf('https://x.test/a?b=%27c%27&d=1#frag')).toBe('b=%27c%27&d=1')
    expect(rawQueryOf('https://x.test/a')).toBe('')
  })
})

describe('paramValue', () => {
  it('takes the first value, trimmed, and treats blank as absent', () => {
    expect(paramValue({ a: [' x ', 'y'] }, 'a')).toBe('x')
    expect(paramValue({ a: '   ' }, 'a')).toBeNull()
    expect(paramValue({}, 'a')).toBeNull()
  })
})

describe('readWebhookParams', () => {
  const url = 'https://x.test/hook?From=1&Text=STOP'
  it('reads a GET from its query, a form POST from its body, a JSON POST from its fields', () => {
    const headers = (type: string) => new Headers({ 'content-type': type })
    expect(readWebhookParams({ method: 'GET', publicUrl: url, headers: headers(''), body: 'ignored=1' })).toEqual({
      From: '1',
      Text: 'STOP',
    })
    expect(
      readWebhookParams({ method: 'POST', publicUrl: url, headers: headers('application/x-www-form-urlencoded'), body: 'a=1' }),
    ).toEqual({ a: '1' })
    expect(
      readWebhookParams({
        method: 'POST',
        publicUrl: url,
        headers: headers('application/json; charset=utf-8'),
        body: '{"a":"1","n":2,"l":["x"],"z":null}',
      }),
    ).toEqual({ a: '1', n: '2', l: ['x'] })
  })

  it('refuses a JSON body that is not an object', () => {
    const headers = new Headers({ 'content-type': 'application/json' })
    expect(readWebhookParams({ method: 'POST', publicUrl: url, headers, body: '[1]' })).toBeNull()
    expect(readWebhookParams({ method: 'POST', publicUrl: url, headers, body: '{' })).toBeNull()
  })
})

describe('webhookNumberToE164', () => {
  it.each([
    ['+14155550100', '+14155550100'],
    ['14155550100', '+14155550100'],
    ['447700900123', '+447700900123'],
    [' +1 (415) 555-0100 ', '+14155550100'],
  ])('reads %j as %s', (raw, e164) => {
    expect(webhookNumberToE164(raw)).toBe(e164)
  })

  it.each([null, '', 'abc', '+0123456789', '12345', '+1234567890123456'])('refuses %j', (raw) => {
    expect(webhookNumberToE164(raw)).toBeNull()
  })
})
