import { RecordingLogger } from '@sms-notification/core/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeProviderServerPerSuite } from './support/fake-server-per-suite.js'
import type { FakeProviderServer } from '../src/fake-provider-server/index.js'
import { createPlivoSmsProvider } from '../src/plivo/index.js'
import type { PlivoSmsProviderOptions } from '../src/plivo/index.js'

describe('PlivoSmsProvider numbers (real plivo SDK against the fake server)', () => {
  let server: FakeProviderServer
  let logger: RecordingLogger
  const provider = (options: Partial<PlivoSmsProviderOptions> = {}) =>
    createPlivoSmsProvider({
      ...server.credentials.plivo,
      apiBaseUrl: server.url,
      timeoutMs: 500,
      applicationId: 'app-inbound-1',
      logger,
      ...options,
    })

  const fakeServer = fakeProviderServerPerSuite()
  beforeEach(() => {
    server = fakeServer()
    logger = new RecordingLogger()
  })

  it('searches SMS local numbers by pattern and buys one linked to the application, returning E.164', async () => {
    const outcome = await provider().provisionNumber({ venueId: 4, country: 'US', areaCode: '415' })
    expect(outcome).toMatchObject({ kind: 'provisioned', provider: 'plivo' })
    if (outcome.kind !== 'provisioned') return
    expect(outcome.phoneNumber).toMatch(/^\+14155550\d{3}$/)
    expect(outcome.providerId).toBe(outcome.phoneNumber.slice(1))
    const [search, buy] = server.requests
    expect(search).toMatchObject({
      operation: 'search-numbers',
      query: { country_iso: 'US', type: 'local', services: 'sms', pattern: '415', limit: '5' },
    })
    expect(buy).toMatchObject({
      operation: 'buy-number',
      path: `/v1/Account/${server.credentials.plivo.authId}/PhoneNumber/${outcome.providerId}/`,
      params: { app_id: 'app-inbound-1' },
    })
    expect(server.rented.get(outcome.phoneNumber)).toMatchObject({ applicationId: 'app-inbound-1' })
  })

  it('tries the next candidate when the first is no longer for sale', async () => {
    server.scriptOperation('buy-number', { status: 404, message: 'not available', times: 1 })
    const outcome = await provider().provisionNumber({ venueId: 4, country: 'US' })
    expect(outcome.kind).toBe('provisioned')
    expect(server.requests.filter((r) => r.operation === 'buy-number')).toHaveLength(2)
  })

  it('reports no numbers for an empty search, and when every candidate is gone', async () => {
    server.setInventory('US', [])
    expect(await provider().provisionNumber({ venueId: 4, country: 'US' })).toEqual({
      kind: 'no-numbers',
      provider: 'plivo',
      errorCode: 'plivo:no-numbers',
    })
    server.setInventory('US', ['+14155550150'])
    server.scriptOperation('buy-number', { status: 404, message: 'not available' })
    expect(await provider().provisionNumber({ venueId: 4, country: 'US' })).toEqual({
      kind: 'no-numbers',
      provider: 'plivo',
      errorCode: 'http:404',
    })
  })

  it('maps search failures: 401 is configuration (logged once at error), 5xx transient', async () => {
    expect(await provider({ authToken: 'wrong' }).provisionNumber({ venueId: 4, country: 'US' })).toEqual({
      kind: 'configuration',
      provider: 'plivo',
      errorCode: 'http:401',
    })
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1)
    server.scriptOperation('search-numbers', { status: 503, times: 1 })
    expect(await provider().provisionNumber({ venueId: 4, country: 'US' })).toEqual({
      kind: 'transient',
      provider: 'plivo',
      errorCode: 'http:503',
    })
  })

  it('stops at a transient buy failure instead of trying every candidate', async () => {
    server.scriptOperation('buy-number', { status: 500, message: 'oops' })
    expect(await provider().provisionNumber({ venueId: 4, country: 'US' })).toEqual({
      kind: 'transient',
      provider: 'plivo',
      errorCode: 'http:500',
    })
    expect(server.requests.filter((r) => r.operation === 'buy-number')).toHaveLength(1)
  })

  it('unrents a number, and says not-found the second time', async () => {
    const plivo = provider()
    const outcome = await plivo.provisionNumber({ venueId: 4, country: 'US' })
    if (outcome.kind !== 'provisioned') throw new Error(`expected provisioned, got ${outcome.kind}`)
    expect(await plivo.releaseNumber(outcome)).toEqual({ kind: 'released' })
    expect(server.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: `/v1/Account/${server.credentials.plivo.authId}/Number/${outcome.providerId}/`,
    })
    expect(server.rented.size).toBe(0)
    expect(await plivo.releaseNumber(outcome)).toEqual({ kind: 'not-found' })
  })

  it('maps release failures', async () => {
    server.scriptOperation('release-number', { status: 502, times: 1 })
    expect(await provider().releaseNumber({ phoneNumber: '+14155550100', providerId: '14155550100' })).toEqual({
      kind: 'transient',
      errorCode: 'http:502',
    })
  })
})
