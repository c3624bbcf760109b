import { RecordingLogger } from '@sms-notification/core/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeProviderServerPerSuite } from './support/fake-server-per-suite.js'
import type { FakeProviderServer, FakeResponse } from '../src/fake-provider-server/index.js'
import { createTwilioSmsProvider } from '../src/twilio/index.js'
import type { TwilioSmsProvider } from '../src/twilio/index.js'
import { closedPort, leakedSecrets, SECRET_BODY, SECRET_PROVIDER_TEXT, SENDER, sendRequest } from './support/send-request.js'

const TO = '+14155550123'

describe('TwilioSmsProvider (real twilio SDK against the fake server)', () => {
  let server: FakeProviderServer
  let logger: RecordingLogger
  let provider: TwilioSmsProvider

  const fakeServer = fakeProviderServerPerSuite()
  beforeEach(() => {
    server = fakeServer()
    logger = new RecordingLogger()
    provider = createTwilioSmsProvider({ ...server.credentials.twilio, apiBaseUrl: server.url, timeoutMs: 300, logger })
  })

  it('puts its own name into a {provider} placeholder of the status callback URL', async () => {
    const outcome = await provider.send(sendRequest(TO, { statusCallbackUrl: 'https://hooks.example.com/api/{provider}/status' }))
    expect(outcome.kind).toBe('sent')
    expect(server.accepted[0]?.statusCallbackUrl).toBe('https://hooks.example.com/api/twilio/status')
  })

  it('sends from the venue number with the status callback and returns the SM sid', async () => {
    const request = sendRequest(TO, { statusCallbackUrl: 'https://hooks.example.com/twilio/status' })
    const outcome = await provider.send(request)
    expect(outcome).toMatchObject({ kind: 'sent', provider: 'twilio', sender: SENDER })
    if (outcome.kind !== 'sent') return
    expect(outcome.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/)
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0)
    expect(request.asked).toEqual(['twilio'])
    expect(server.accepted).toEqual([
      {
        provider: 'twilio',
        id: outcome.providerMessageId,
        from: SENDER.phoneNumber,
        to: TO,
        body: SECRET_BODY,
        statusCallbackUrl: 'https://hooks.example.com/twilio/status',
      },
    ])
    const [sent] = server.requests
    expect(sent?.path).toBe(`/2010-04-01/Accounts/${server.credentials.twilio.accountSid}/Messages.json`)
    expect(sent?.authorized).toBe(true)
  })

  it('omits StatusCallback when none is configured', async () => {
    await provider.send(sendRequest(TO))
    expect(server.requests[0]?.params).not.toHaveProperty('StatusCallback')
  })

  it('does not call the API when the venue has no sender yet', async () => {
    const unavailable = await provider.send(
      sendRequest(TO, { resolution: { kind: 'unavailable', retryAfterMs: 2000, errorCode: 'provisioning_in_progress' } }),
    )
    expect(unavailable).toEqual({ provider: 'twilio', kind: 'transient', errorCode: 'provisioning_in_progress', retryAfterMs: 2000 })
    const failed = await provider.send(sendRequest(TO, { resolution: { kind: 'failed', errorCode: 'twilio:no-numbers' } }))
    expect(failed).toEqual({ provider: 'twilio', kind: 'configuration', errorCode: 'twilio:no-numbers' })
    expect(server.requests).toHaveLength(0)
  })

  const cases: Array<[string, FakeResponse, { kind: string; errorCode: string; retryAfterMs?: number; ambiguous?: boolean }]> = [
    ['21610 opted out', { status: 400, code: 21610 }, { kind: 'opted-out', errorCode: 'twilio:21610' }],
    ['21211 invalid To', { status: 400, code: 21211 }, { kind: 'invalid-recipient', errorCode: 'twilio:21211' }],
    ['21614 not a mobile', { status: 400, code: 21614 }, { kind: 'invalid-recipient', errorCode: 'twilio:21614' }],
    ['21612 unreachable', { status: 400, code: 21612 }, { kind: 'invalid-recipient', errorCode: 'twilio:21612' }],
    ['21408 region not enabled', { status: 400, code: 21408 }, { kind: 'invalid-recipient', errorCode: 'twilio:21408' }],
    ['21635 landline', { status: 400, code: 21635 }, { kind: 'invalid-recipient', errorCode: 'twilio:21635' }],
    ['21606 bad From', { status: 400, code: 21606 }, { kind: 'configuration', errorCode: 'twilio:21606' }],
    ['21608 unverified (trial)', { status: 400, code: 21608 }, { kind: 'configuration', errorCode: 'twilio:21608' }],
    ['403 forbidden', { status: 403, code: 20403 }, { kind: 'configuration', errorCode: 'twilio:20403' }],
    ['401 without code', { status: 401 }, { kind: 'configuration', errorCode: 'http:401' }],
    ['other 4xx', { status: 400, code: 21617 }, { kind: 'rejected', errorCode: 'twilio:21617' }],
    ['404', { status: 404, code: 20404 }, { kind: 'rejected', errorCode: 'twilio:20404' }],
    [
      '429 with Retry-After seconds',
      { status: 429, code: 20429, headers: { 'Retry-After': '7' } },
      { kind: 'transient', errorCode: 'twilio:20429', retryAfterMs: 7000 },
    ],
    ['429 without code', { status: 429 }, { kind: 'transient', errorCode: 'http:429' }],
    ['503', { status: 503 }, { kind: 'transient', errorCode: 'http:503' }],
    ['502', { status: 502 }, { kind: 'transient', errorCode: 'http:502' }],
    ['504', { status: 504 }, { kind: 'transient', errorCode: 'http:504' }],
    [
      '500 with a code (may have been queued: ambiguous)',
      { status: 500, code: 20500 },
      { kind: 'transient', errorCode: 'twilio:20500', ambiguous: true },
    ],
    ['500 without a code', { status: 500 }, { kind: 'transient', errorCode: 'http:500', ambiguous: true }],
    ['timeout (server slower than the client timeout)', { delayMs: 2000 }, { kind: 'transient', errorCode: 'timeout', ambiguous: true }],
    ['connection reset after sending', { reset: true }, { kind: 'transient', errorCode: 'network:ECONNRESET', ambiguous: true }],
  ]

  it.each(cases)('maps %s', async (_name, response, expected) => {
    server.script(TO, { message: SECRET_PROVIDER_TEXT, ...response })
    const outcome = await provider.send(sendRequest(TO))
    expect(outcome).toMatchObject({ ...expected, provider: 'twilio', sender: SENDER })
    if (expected.retryAfterMs === undefined) expect(outcome).not.toHaveProperty('retryAfterMs')
    if (!expected.ambiguous) expect(outcome).not.toHaveProperty('ambiguous')
    expect(server.accepted).toHaveLength(0)
    expect(leakedSecrets(logger.text(), [TO, SENDER.phoneNumber])).toEqual([])
  })

  it('reads an HTTP-date Retry-After', async () => {
    server.script(TO, { status: 429, code: 20429, headers: { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() } })
    const outcome = await provider.send(sendRequest(TO))
    expect(outcome.kind).toBe('transient')
    if (outcome.kind !== 'transient') return
    expect(outcome.retryAfterMs).toBeGreaterThan(25_000)
    expect(outcome.retryAfterMs).toBeLessThanOrEqual(30_000)
  })

  it('keeps each concurrent call its own Retry-After', async () => {
    server.script('+14155550131', { status: 429, code: 20429, headers: { 'Retry-After': '3' } })
    server.script('+14155550132', { status: 429, code: 20429, headers: { 'Retry-After': '9' } })
    const [a, b, c] = await Promise.all([
      provider.send(sendRequest('+14155550131')),
      provider.send(sendRequest('+14155550132')),
      provider.send(sendRequest('+14155550133')),
    ])
    expect(a).toMatchObject({ kind: 'transient', retryAfterMs: 3000 })
    expect(b).toMatchObject({ kind: 'transient', retryAfterMs: 9000 })
    expect(c).toMatchObject({ kind: 'sent' })
  })

  it('maps a refused connection to a transient network error that certainly sent nothing', async () => {
    const port = await closedPort()
    const offline = createTwilioSmsProvider({ ...server.credentials.twilio, apiBaseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000 })
    const outcome = await offline.send(sendRequest(TO))
    expect(outcome).toMatchObject({ kind: 'transient', errorCode: 'network:ECONNREFUSED' })
    expect(outcome).not.toHaveProperty('ambiguous')
  })

  it('marks a 201 that arrives after the client timeout as ambiguous: Twilio accepted it, the client never knew', async () => {
    const sid = `SM${'a'.repeat(32)}`
    server.script(TO, { status: 201, delayMs: 800, body: { sid, status: 'queued', to: TO, from: SENDER.phoneNumber } })
    const outcome = await provider.send(sendRequest(TO))
    expect(outcome).toMatchObject({ kind: 'transient', errorCode: 'timeout', ambiguous: true, provider: 'twilio', sender: SENDER })
    expect(server.requests.filter((r) => r.operation === 'send')).toHaveLength(1)
  })

  it('maps bad credentials (401, code 20003) to configuration and logs it loudly once, with the code only', async () => {
    const wrong = createTwilioSmsProvider({
      accountSid: server.credentials.twilio.accountSid,
      authToken: 'wrong-token',
      apiBaseUrl: server.url,
      logger,
    })
    const first = await wrong.send(sendRequest(TO))
    const second = await wrong.send(sendRequest('+14155550124'))
    expect(first).toMatchObject({ kind: 'configuration', errorCode: 'twilio:20003' })
    expect(second).toMatchObject({ kind: 'configuration', errorCode: 'twilio:20003' })
    expect(server.requests.map((r) => r.authorized)).toEqual([false, false])
    const errors = logger.lines.filter((l) => l.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.fields).toMatchObject({ provider: 'twilio', errorCode: 'twilio:20003', operation: 'send' })
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1)
    expect(logger.text()).not.toContain('wrong-token')
    expect(logger.text()).not.toContain('Authenticate')
    expect(leakedSecrets(logger.text(), [TO, '+14155550124', SENDER.phoneNumber])).toEqual([])
  })

  it('logs failures with a masked recipient and the correlation id', async () => {
    server.script(TO, { status: 400, code: 21211, message: SECRET_PROVIDER_TEXT })
    await provider.send(sendRequest(TO))
    const line = logger.lines.find((l) => l.fields['errorCode'] === 'twilio:21211')
    expect(line?.fields).toMatchObject({ to: '+1********23', correlationId: 'order-8842', kind: 'invalid-recipient' })
  })

  it('throws defects (a request the SDK refuses to build) instead of hiding them in an outcome', async () => {
    await expect(provider.send(sendRequest(undefined as unknown as string))).rejects.toThrow(/to/)
    expect(server.requests).toHaveLength(0)
  })
})
