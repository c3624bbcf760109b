import { describe, expect, it } from 'vitest'
import { classifyTwilioError } from './classify-twilio-error.js'

const rest = (status: number, code?: number) =>
  Object.assign(new Error('text from Twilio'), { status, ...(code === undefined ? {} : { code }) })

describe('classifyTwilioError', () => {
  it('reads status and code, never the message', () => {
    expect(classifyTwilioError(rest(400, 21610))).toEqual({ kind: 'opted-out', errorCode: 'twilio:21610' })
    expect(classifyTwilioError(rest(400, 21211))).toEqual({ kind: 'invalid-recipient', errorCode: 'twilio:21211' })
    expect(classifyTwilioError(rest(401, 20003))).toEqual({ kind: 'configuration', errorCode: 'twilio:20003' })
    expect(classifyTwilioError(rest(400, 21608))).toEqual({ kind: 'configuration', errorCode: 'twilio:21608' })
    expect(classifyTwilioError(rest(400, 21611))).toEqual({ kind: 'transient', errorCode: 'twilio:21611' })
    expect(classifyTwilioError(rest(422))).toEqual({ kind: 'rejected', errorCode: 'http:422' })
  })
  it('keeps Retry-After on 429 and 503', () => {
    expect(classifyTwilioError(rest(429, 20429), '4')).toEqual({ kind: 'transient', errorCode: 'twilio:20429', retryAfterMs: 4000 })
    expect(classifyTwilioError(rest(503), '1')).toEqual({ kind: 'transient', errorCode: 'http:503', retryAfterMs: 1000 })
  })
  it('marks a 500 ambiguous (Twilio may have queued the message) but not a 429 or a gateway 5xx', () => {
    expect(classifyTwilioError(rest(500, 20500))).toEqual({ kind: 'transient', errorCode: 'twilio:20500', ambiguous: true })
    expect(classifyTwilioError(rest(500), '2')).toEqual({ kind: 'transient', errorCode: 'http:500', retryAfterMs: 2000, ambiguous: true })
    for (const status of [502, 503, 504])
      expect(classifyTwilioError(rest(status))).toEqual({ kind: 'transient', errorCode: `http:${status}` })
    expect(classifyTwilioError(rest(429, 20429))).toEqual({ kind: 'transient', errorCode: 'twilio:20429' })
  })
  it('maps axios network errors and leaves defects alone', () => {
    const axiosError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', isAxiosError: true })
    expect(classifyTwilioError(axiosError)).toEqual({ kind: 'transient', errorCode: 'network:ECONNREFUSED' })
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', isAxiosError: true })
    expect(classifyTwilioError(reset)).toEqual({ kind: 'transient', errorCode: 'network:ECONNRESET', ambiguous: true })
    expect(classifyTwilioError(new TypeError('Required parameter "params[\'to\']" missing.'))).toBeNull()
    expect(classifyTwilioError('weird')).toBeNull()
  })
})
