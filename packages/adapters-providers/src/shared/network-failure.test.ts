import { describe, expect, it } from 'vitest'
import { classifyNetworkFailure } from './network-failure.js'

describe('classifyNetworkFailure', () => {
  it('maps the axios timeout to `timeout`', () => {
    expect(classifyNetworkFailure('ECONNABORTED', 'timeout of 300ms exceeded')).toEqual({ kind: 'transient', errorCode: 'timeout' })
    expect(classifyNetworkFailure(undefined, 'AxiosError: timeout of 300ms exceeded\n    at Timeout._onTimeout')).toEqual({ kind: 'transient', errorCode: 'timeout' })
  })
  it('maps socket error codes, from the code or from a stack string', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT']) {
      expect(classifyNetworkFailure(code, 'x')).toEqual({ kind: 'transient', errorCode: `network:${code}` })
    }
    expect(classifyNetworkFailure(undefined, 'Error: connect ECONNREFUSED 127.0.0.1:9\n    at TCPConnectWrap.afterConnect')).toEqual({
      kind: 'transient',
      errorCode: 'network:ECONNREFUSED',
    })
    expect(classifyNetworkFailure(undefined, 'Error: socket hang up\n    at Socket.socketOnEnd')).toEqual({ kind: 'transient', errorCode: 'network:ECONNRESET' })
  })
  it('does not take a stack frame named Timeout for a timeout, nor anything else for a network error', () => {
    expect(classifyNetworkFailure(undefined, 'TypeError: x is not a function\n    at Timeout._onTimeout')).toBeNull()
    expect(classifyNetworkFailure('ERR_INVALID_ARG_TYPE', 'bad argument')).toBeNull()
  })
})
