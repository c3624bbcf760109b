import { RecordingLogger } from '@sms-notification/core/testing'
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeProviderServerPerSuite } from './support/fake-server-per-suite.js'
import type { FakeProviderServer, FakeResponse } from '../src/fake-provider-server/index.js'
import { createPlivoSmsProvider } from '../src/plivo/index.js'
import type { PlivoSmsProvider } from '../src/plivo/index.js'
import { closedPort, leakedSecrets, SECRET_BODY, SECRET_PROVIDER_TEXT, SENDER, sendRequest } from './support/send-request.js'

const TO = '+14155550123'

describe('PlivoSmsProvider (real plivo SDK against the fake server)', () => {
  let server: FakeProviderServer
  let logger: RecordingLogger
  let provider: PlivoSmsProvider

  const fakeServer = fakeProviderServerPerSuite()
  beforeEach(() => {
    server = fakeServer()
    logger = new RecordingLogger()
    provider = createPlivoSmsProvider({ ...server.credentials.plivo, apiBaseUrl: server.url, timeoutMs: 300, logger })
  })

  it('sends digits-only numbers with the status callback and returns the message uuid', async () => {
    const request = sendRequest(TO, { statusCallbackUrl: 'https://hooks.example.com/plivo/status' })
    const outcome = await provider.send(request)
    expect(outcome).toMatchObject({ kind: 'sent', provider: 'plivo', sender: SENDER })
    if (outcome.kind !== 'sent') return
    expect(outcome.providerMessageId).toMatch(/^[0-9a-f-]{36}$/)
    expect(request.asked).toEqual(['plivo'])
    const [sent] = server.requests
    expect(sent?.path).toBe(`/v1/Account/${server.credentials.plivo.authId}/Message/`)
    expect(sent?.params).toMatchObject({
      src: SENDER.phoneNumber.slice(1),
      dst: TO.slice(1),
      text: SECRET_BODY,
      url: 'https://hooks.example.com/plivo/status',
      method: 'POST',
    })
    expect(server.accepted).toEqual([
      {
        provider: 'plivo',
        id: outcome.providerMessageId,
        from: SENDER.phoneNumber,
        to: TO,
        body: SECRET_BODY,
        statusCallbackUrl: 'https://hooks.example.com/plivo/status',
      },
    ])
  })

  it('omits the callback url when none is configured', async () => {
    await provider.send(sendRequest(TO))
    expect(server.requests[0]?.params).not.toHaveProperty('url')
  })

  it('does not call the API when the venue has no sender yet', async () => {
    const outcome = await provider.send(
      sendRequest(TO, { resolution: { kind: 'unavailable', retryAfterMs: 750, errorCode: 'provisioning_in_progress' } }),
    )
    expect(outcome).toEqual({ provider: 'plivo', kind: 'transient', errorCode: 'provisioning_in_progress', retryAfterMs: 750 })
    expect(server.requests).toHaveLength(0)
  })

  it('never reports opted-out synchronously: Plivo accepts and tells later (callback ErrorCode 200)', async () => {
    expect((await provider.send(sendRequest(TO))).kind).toBe('sent')
  })

  const cases: Array<[string, FakeResponse, { kind: string; errorCode: string; ambiguous?: boolean }]> = [
    [
      '400 dst parameter is invalid',
      { status: 400, message: 'dst parameter is invalid' },
      { kind: 'invalid-recipient', errorCode: 'plivo:invalid-dst' },
    ],
    [
      '400 invalid destination number',
      { status: 400, message: 'invalid destination number' },
      { kind: 'invalid-recipient', errorCode: 'plivo:invalid-dst' },
    ],
    [
      '400 src not a Plivo number',
      { status: 400, message: 'src parameter is not a valid phone number in your account' },
      { kind: 'configuration', errorCode: 'plivo:invalid-src' },
    ],
    ['400 other', { status: 400, message: SECRET_PROVIDER_TEXT }, { kind: 'rejected', errorCode: 'http:400' }],
    ['401', { status: 401, message: 'authentication failed' }, { kind: 'configuration', errorCode: 'http:401' }],
    [
      '403 (geo permission, a plain Error in the SDK)',
      { status: 403, message: 'destination country not enabled' },
      { kind: 'configuration', errorCode: 'http:403' },
    ],
    ['404', { status: 404, message: 'not found' }, { kind: 'rejected', errorCode: 'http:404' }],
    [
      '429 (plain Error without status in the SDK)',
      { status: 429, message: 'too many requests', headers: { 'Retry-After': '5' } },
      { kind: 'transient', errorCode: 'http:429' },
    ],
    [
      '500 (ServerError; may have been queued: ambiguous)',
      { status: 500, message: SECRET_PROVIDER_TEXT },
      { kind: 'transient', errorCode: 'http:500', ambiguous: true },
    ],
    ['503', { status: 503 }, { kind: 'transient', errorCode: 'http:503' }],
    ['504', { status: 504 }, { kind: 'transient', errorCode: 'http:504' }],
    ['502 with a non-JSON body', { status: 502, body: 'Bad Gateway' }, { kind: 'transient', errorCode: 'http:502' }],
    ['timeout (rejects with a string)', { delayMs: 2000 }, { kind: 'transient', errorCode: 'timeout', ambiguous: true }],
    [
      'connection reset after sending (rejects with a string)',
      { reset: true },
      { kind: 'transient', errorCode: 'network:ECONNRESET', ambiguous: true },
    ],
  ]

  it.each(cases)('maps %s', async (_name, response, expected) => {
    server.script(TO, { message: SECRET_PROVIDER_TEXT, ...response })
    const outcome = await provider.send(sendRequest(TO))
    expect(outcome).toMatchObject({ ...expected, provider: 'plivo', sender: SENDER })
    expect(outcome).not.toHaveProperty('retryAfterMs')
    if (!expected.ambiguous) expect(outcome).not.toHaveProperty('ambiguous')
    expect(outcome.kind === 'sent' ? '' : outcome.errorCode).not.toContain('Dana')
    expect(leakedSecrets(logger.text(), [TO, SENDER.phoneNumber])).toEqual([])
  })

  it('maps a refused connection to a transient network error that certainly sent nothing', async () => {
    const port = await closedPort()
    const offline = createPlivoSmsProvider({ ...server.credentials.plivo, apiBaseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000 })
    const outcome = await offline.send(sendRequest(TO))
    expect(outcome).toMatchObject({ kind: 'transient', errorCode: 'network:ECONNREFUSED' })
    expect(outcome).not.toHaveProperty('ambiguous')
  })

  it('marks a 202 that arrives after the client timeout as ambiguous: Plivo queued it, the client never knew', async () => {
    server.script(TO, {
      status: 202,
      delayMs: 800,
      body: { api_id: 'x', message: 'message(s) queued', message_uuid: ['5a3f7c1e-0000-4000-8000-000000000001'] },
    })
    const outcome = await provider.send(sendRequest(TO))
    expect(outcome).toMatchObject({ kind: 'transient', errorCode: 'timeout', ambiguous: true, provider: 'plivo', sender: SENDER })
    expect(server.requests.filter((r) => r.operation === 'send')).toHaveLength(1)
  })

  it('maps bad credentials to configuration, logged at error level once with the code and no request body', async () => {
    const wrong = createPlivoSmsProvider({
      authId: server.credentials.plivo.authId,
      authToken: 'wrong-token',
      apiBaseUrl: server.url,
      logger,
    })
    expect(await wrong.send(sendRequest(TO))).toMatchObject({ kind: 'configuration', errorCode: 'http:401' })
    expect(await wrong.send(sendRequest(TO))).toMatchObject({ kind: 'configuration', errorCode: 'http:401' })
    const errors = logger.lines.filter((l) => l.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.fields).toMatchObject({ provider: 'plivo', errorCode: 'http:401' })
    expect(logger.text()).not.toContain('wrong-token')
    expect(leakedSecrets(logger.text(), [TO, SENDER.phoneNumber])).toEqual([])
  })

  it('treats an accepted request without a message uuid as invalid recipient when Plivo lists it invalid', async () => {
    server.script(TO, { status: 202, body: { api_id: 'x', message: 'message(s) queued', message_uuid: [], invalid_number: [TO.slice(1)] } })
    expect(await provider.send(sendRequest(TO))).toMatchObject({ kind: 'invalid-recipient', errorCode: 'plivo:invalid-dst' })
  })
})
