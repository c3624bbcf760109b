import { RecordingLogger } from '@sms-notification/core/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeProviderServerPerSuite } from './support/fake-server-per-suite.js'
import type { FakeProviderServer } from '../src/fake-provider-server/index.js'
import { createTwilioSmsProvider } from '../src/twilio/index.js'
import type { TwilioSmsProviderOptions } from '../src/twilio/index.js'

const SERVICE_SID = `MG${'a'.repeat(32)}`

describe('TwilioSmsProvider numbers (real twilio SDK against the fake server)', () => {
  let server: FakeProviderServer
  let logger: RecordingLogger
  const provider = (options: Partial<TwilioSmsProviderOptions> = {}) =>
    createTwilioSmsProvider({ ...server.credentials.twilio, apiBaseUrl: server.url, timeoutMs: 500, logger, ...options })

  const fakeServer = fakeProviderServerPerSuite()
  beforeEach(() => {
    server = fakeServer()
    logger = new RecordingLogger()
  })

  it('searches SMS-capable local numbers by area code and buys one with the inbound webhook', async () => {
    const outcome = await provider().provisionNumber({
      venueId: 3,
      country: 'us',
      areaCode: '415',
      inboundWebhookUrl: 'https://hooks.example.com/twilio/inbound',
    })
    expect(outcome).toMatchObject({ kind: 'provisioned', provider: 'twilio' })
    if (outcome.kind !== 'provisioned') return
    expect(outcome.phoneNumber).toMatch(/^\+14155550\d{3}$/)
    expect(outcome.providerId).toMatch(/^PN[0-9a-f]{32}$/)
    const [search, buy] = server.requests
    expect(search).toMatchObject({ operation: 'search-numbers', query: { AreaCode: '415', SmsEnabled: 'true' } })
    expect(search?.path).toContain('/AvailablePhoneNumbers/US/Local.json')
    expect(buy).toMatchObject({
      operation: 'buy-number',
      params: { PhoneNumber: outcome.phoneNumber, SmsUrl: 'https://hooks.example.com/twilio/inbound', SmsMethod: 'POST' },
    })
    expect(server.rented.get(outcome.phoneNumber)).toMatchObject({ providerId: outcome.providerId })
  })

  it('falls back to the configured inbound webhook and joins the Messaging Service', async () => {
    const outcome = await provider({
      inboundWebhookUrl: 'https://hooks.example.com/default',
      messagingServiceSid: SERVICE_SID,
    }).provisionNumber({ venueId: 3, country: 'US' })
    expect(outcome.kind).toBe('provisioned')
    if (outcome.kind !== 'provisioned') return
    expect(server.rented.get(outcome.phoneNumber)).toMatchObject({
      smsUrl: 'https://hooks.example.com/default',
      messagingServiceSid: SERVICE_SID,
    })
    expect(server.requests.at(-1)).toMatchObject({ operation: 'attach-messaging-service', params: { PhoneNumberSid: outcome.providerId } })
  })

  it('attaches the inbound webhook as configured: no connection-override fragment unless one is configured', async () => {
    const outcome = await provider().provisionNumber({
      venueId: 3,
      country: 'US',
      inboundWebhookUrl: 'https://hooks.example.com/api/{provider}/webhook',
    })
    expect(outcome.kind).toBe('provisioned')
    expect(server.requests.find((r) => r.operation === 'buy-number')?.params['SmsUrl']).toBe('https://hooks.example.com/api/twilio/webhook')
  })

  it('appends configured connection overrides to the inbound webhook as its fragment', async () => {
    const outcome = await provider({ inboundWebhookConnectionOverrides: 'rc=3&rt=5000' }).provisionNumber({
      venueId: 3,
      country: 'US',
      inboundWebhookUrl: 'https://hooks.example.com/api/{provider}/webhook?venue=3',
    })
    expect(outcome.kind).toBe('provisioned')
    if (outcome.kind !== 'provisioned') return
    expect(server.rented.get(outcome.phoneNumber)?.smsUrl).toBe('https://hooks.example.com/api/twilio/webhook?venue=3#rc=3&rt=5000')
  })

  it('refuses malformed connection overrides at construction', () => {
    expect(() => provider({ inboundWebhookConnectionOverrides: 'retry please' })).toThrow(/key=value/)
  })

  it('gives the number back when joining the Messaging Service fails', async () => {
    server.scriptOperation('attach-messaging-service', { status: 503 })
    const outcome = await provider({ messagingServiceSid: SERVICE_SID }).provisionNumber({ venueId: 3, country: 'US' })
    expect(outcome).toEqual({ kind: 'transient', provider: 'twilio', errorCode: 'http:503' })
    expect(server.rented.size).toBe(0)
    expect(server.requests.map((r) => r.operation)).toEqual(['search-numbers', 'buy-number', 'attach-messaging-service', 'release-number'])
  })

  it('tries the next candidate when the first was sold in between (21422)', async () => {
    server.scriptOperation('buy-number', { status: 400, code: 21422, times: 1 })
    const outcome = await provider().provisionNumber({ venueId: 3, country: 'US', areaCode: '212' })
    expect(outcome.kind).toBe('provisioned')
    expect(server.requests.filter((r) => r.operation === 'buy-number')).toHaveLength(2)
  })

  it('reports no numbers when the search is empty', async () => {
    server.setInventory('US', [])
    expect(await provider().provisionNumber({ venueId: 3, country: 'US' })).toEqual({
      kind: 'no-numbers',
      provider: 'twilio',
      errorCode: 'twilio:no-numbers',
    })
  })

  it('maps search failures: bad credentials are configuration, 5xx and 429 are transient', async () => {
    expect(await provider({ authToken: 'wrong' }).provisionNumber({ venueId: 3, country: 'US' })).toEqual({
      kind: 'configuration',
      provider: 'twilio',
      errorCode: 'twilio:20003',
    })
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.fields['operation'])).toEqual(['search-numbers'])
    server.scriptOperation('search-numbers', { status: 429, code: 20429, headers: { 'Retry-After': '2' }, times: 1 })
    expect(await provider().provisionNumber({ venueId: 3, country: 'US' })).toEqual({
      kind: 'transient',
      provider: 'twilio',
      errorCode: 'twilio:20429',
      retryAfterMs: 2000,
    })
  })

  it('releases a number, and says not-found the second time', async () => {
    const twilio = provider()
    const outcome = await twilio.provisionNumber({ venueId: 3, country: 'US' })
    if (outcome.kind !== 'provisioned') throw new Error(`expected provisioned, got ${outcome.kind}`)
    expect(await twilio.releaseNumber(outcome)).toEqual({ kind: 'released' })
    expect(server.rented.size).toBe(0)
    expect(server.requests.at(-1)?.path).toContain(`/IncomingPhoneNumbers/${outcome.providerId}.json`)
    expect(await twilio.releaseNumber(outcome)).toEqual({ kind: 'not-found' })
  })

  it('maps release failures', async () => {
    server.scriptOperation('release-number', { status: 503, times: 1 })
    expect(await provider().releaseNumber({ phoneNumber: '+14155550100', providerId: `PN${'b'.repeat(32)}` })).toEqual({
      kind: 'transient',
      errorCode: 'http:503',
    })
    expect(
      await provider({ authToken: 'wrong' }).releaseNumber({ phoneNumber: '+14155550100', providerId: `PN${'b'.repeat(32)}` }),
    ).toEqual({
      kind: 'configuration',
      errorCode: 'twilio:20003',
    })
  })
})
