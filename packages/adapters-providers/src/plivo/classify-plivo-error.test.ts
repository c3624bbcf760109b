import { describe, expect, it } from 'vitest'
import { classifyPlivoError, plivoDefect } from './classify-plivo-error.js'

/** The SDK's error objects: plain Errors (their subclasses fail instanceof) with status, apiID and moreInfo. */
const plivoRestError = (status: number, error: string) =>
  Object.assign(new Error(error), { status, apiID: 'a1', moreInfo: '{"text":"Hi Dana, your order"}' })

describe('classifyPlivoError', () => {
  it('matches on shape, not class', () => {
    expect(classifyPlivoError(plivoRestError(400, 'dst parameter is invalid'))).toEqual({
      kind: 'invalid-recipient',
      errorCode: 'plivo:invalid-dst',
    })
    expect(classifyPlivoError(plivoRestError(401, 'unauthorized'))).toEqual({ kind: 'configuration', errorCode: 'http:401' })
    expect(classifyPlivoError(plivoRestError(500, 'boom'))).toEqual({ kind: 'transient', errorCode: 'http:500', ambiguous: true })
  })
  it('reads the status from the message of a plain Error without status (429, 503)', () => {
    expect(classifyPlivoError(new Error('AxiosError: Request failed with status code 429'))).toEqual({
      kind: 'transient',
      errorCode: 'http:429',
    })
    expect(classifyPlivoError(new Error('AxiosError: Request failed with status code 503'))).toEqual({
      kind: 'transient',
      errorCode: 'http:503',
    })
    expect(classifyPlivoError(new Error('AxiosError: Request failed with status code 500'))).toEqual({
      kind: 'transient',
      errorCode: 'http:500',
      ambiguous: true,
    })
    expect(classifyPlivoError(new Error('AxiosError: Request failed with status code 403'))).toEqual({
      kind: 'configuration',
      errorCode: 'http:403',
    })
  })
  it('maps string rejections (network, timeout)', () => {
    expect(classifyPlivoError('AxiosError: timeout of 10000ms exceeded\n    at RedirectableRequest.handleRequestTimeout')).toEqual({
      kind: 'transient',
      errorCode: 'timeout',
      ambiguous: true,
    })
    expect(classifyPlivoError('Error: connect ECONNREFUSED 127.0.0.1:1\n    at TCPConnectWrap')).toEqual({
      kind: 'transient',
      errorCode: 'network:ECONNREFUSED',
    })
  })
  it('never puts the request body (moreInfo) into the error code', () => {
    const failure = classifyPlivoError(plivoRestError(400, 'something odd'))
    expect(failure).toEqual({ kind: 'rejected', errorCode: 'http:400' })
  })
  it('returns null for defects and turns string defects into Errors', () => {
    expect(classifyPlivoError(new Error('Missing mandatory field: dst'))).toBeNull()
    expect(classifyPlivoError('TypeError: Invalid URL\n    at new URL')).toBeNull()
    const defect = plivoDefect('TypeError: Invalid URL\n    at new URL')
    expect(defect).toBeInstanceOf(Error)
    expect(defect.message).toBe('plivo request failed: TypeError: Invalid URL')
  })
})
