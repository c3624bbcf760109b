import { describe, expect, it } from 'vitest'
import { classifyNetworkFailure, isAmbiguousHttpStatus } from './network-failure.js'

describe('classifyNetworkFailure', () => {
  it('maps the axios timeout to an ambiguous `timeout` (it cannot tell a slow connect from a slow answer)', () => {
    expect(classifyNetworkFailure('ECONNABORTED', 'timeout of 300ms exceeded')).toEqual({
      kind: 'transient',
      errorCode: 'timeout',
      ambiguous: true,
    })
    expect(classifyNetworkFailure(undefined, 'AxiosError: timeout of 300ms exceeded\n    at Timeout._onTimeout')).toEqual({
      kind: 'transient',
      errorCode: 'timeout',
      ambiguous: true,
    })
  })

  it('marks failures after the request may have gone out as ambiguous', () => {
    for (const code of ['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET']) {
      expect(classifyNetworkFailure(code, `read ${code}`)).toEqual({ kind: 'transient', errorCode: `network:${code}`, ambiguous: true })
    }
    expect(classifyNetworkFailure(undefined, 'Error: socket hang up\n    at Socket.socketOnEnd')).toEqual({
      kind: 'transient',
      errorCode: 'network:ECONNRESET',
      ambiguous: true,
    })
    expect(classifyNetworkFailure(undefined, 'Error: read ECONNRESET\n    at TCP.onStreamRead')).toEqual({
      kind: 'transient',
      errorCode: 'network:ECONNRESET',
      ambiguous: true,
    })
  })

  it('keeps failures that certainly sent nothing unambiguous: refused, DNS, unreachable, connect timeout', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(classifyNetworkFailure(code, 'x')).toEqual({ kind: 'transient', errorCode: `network:${code}` })
    }
    expect(classifyNetworkFailure(undefined, 'Error: connect ECONNREFUSED 127.0.0.1:9\n    at TCPConnectWrap.afterConnect')).toEqual({
      kind: 'transient',
      errorCode: 'network:ECONNREFUSED',
    })
    expect(classifyNetworkFailure(undefined, 'Error: getaddrinfo ENOTFOUND api.twilio.invalid')).toEqual({
      kind: 'transient',
      errorCode: 'network:ENOTFOUND',
    })
    expect(classifyNetworkFailure('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443')).toEqual({
      kind: 'transient',
      errorCode: 'network:ETIMEDOUT',
    })
  })

  it('does not take a stack frame named Timeout for a timeout, nor anything else for a network error', () => {
    expect(classifyNetworkFailure(undefined, 'TypeError: x is not a function\n    at Timeout._onTimeout')).toBeNull()
    expect(classifyNetworkFailure('ERR_INVALID_ARG_TYPE', 'bad argument')).toBeNull()
  })
})

describe('isAmbiguousHttpStatus', () => {
  it('is true for 500 and other 5xx, false for the gateway statuses and every 4xx', () => {
    expect([500, 501, 505, 599].map(isAmbiguousHttpStatus)).toEqual([true, true, true, true])
    expect([502, 503, 504, 429, 400, 401, 404].map(isAmbiguousHttpStatus)).toEqual([false, false, false, false, false, false, false])
  })
})
