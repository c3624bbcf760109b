import { InvocationContext, type HttpRequest } from '@azure/functions'
import type { Metrics } from '@sms-notification/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PLIVO_TOKEN, PUBLIC_BASE_URL, TWILIO_TOKEN, plivoRequest, twilioRequest } from '../../test/support/signed-requests.js'
import { StubService } from '../../test/support/stub-service.js'
import { loadConfig } from '../config.js'
import { createWebhookDeps } from '../create-webhook-deps.js'
import { createJsonLogger } from '../observability/json-logger.js'
import { handleWebhook } from './handle-webhook.js'
import type { WebhookDeps } from './webhook-deps.js'
import type { WebhookKind } from './webhook-kind.js'

const INTERNAL_TOKEN = 'internal-token-0123456789abcdef'
const NOW = new Date('2026-03-01T12:00:00.000Z')
const CUSTOMER = '+14155550123'
const VENUE = '+14155550199'
const TWILIO_STOP = { MessageSid: 'SM11111111111111111111111111111111', AccountSid: 'AC1', From: CUSTOMER, To: VENUE, Body: 'STOP' }
const PLIVO_STOP = {
  MessageUUID: 'a1b2c3d4-0000-4000-8000-000000000001',
  From: '14155550123',
  To: '14155550199',
  Text: 'stop',
  Type: 'sms',
}

describe('handleWebhook', () => {
  const service = new StubService()
  const logs: string[] = []
  const counted: Array<{ name: string; tags: Record<string, unknown> | undefined }> = []
  let deps: WebhookDeps

  beforeAll(async () => {
    await service.start()
    const config = loadConfig({
      WEBHOOK_PUBLIC_BASE_URL: PUBLIC_BASE_URL,
      SMS_SERVICE_URL: service.url,
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      PLIVO_AUTH_TOKEN: PLIVO_TOKEN,
      FORWARD_TIMEOUT_MS: '500',
      FORWARD_MAX_RETRIES: '2',
      FORWARD_RETRY_BASE_DELAY_MS: '5',
      FORWARD_UNKNOWN_MESSAGE_RETRIES: '3',
      FORWARD_UNKNOWN_MESSAGE_DELAY_MS: '5',
    })
    const logger = createJsonLogger({ level: 'debug', write: (line) => logs.push(line) })
    const metrics: Metrics = {
      increment: (name, tags) => counted.push({ name, tags }),
      distribution: () => {},
      gauge: () => {},
    }
    deps = { ...createWebhookDeps(config, logger), metrics, now: () => NOW }
  })
  afterAll(() => service.stop())
  beforeEach(() => {
    service.reset()
    logs.length = 0
    counted.length = 0
  })

  const invoke = (kind: WebhookKind, request: HttpRequest) =>
    handleWebhook(kind, request, new InvocationContext({ invocationId: 'inv-1', functionName: kind }), deps)

  describe('Twilio inbound', () => {
    it('forwards a signed STOP as an opt-out and answers empty TwiML', async () => {
      const response = await invoke('inbound', twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP }))
      expect(response.status).toBe(200)
      expect(response.headers).toEqual({ 'content-type': 'text/xml' })
      expect(response.body).toMatch(/<Response\/>$/)
      expect(service.requests).toHaveLength(1)
      const [forwarded] = service.requests
      expect(forwarded!.path).toBe('/api/internal/consent/update')
      expect(forwarded!.headers.authorization).toBe(`Bearer ${INTERNAL_TOKEN}`)
      expect(forwarded!.headers['x-correlation-id']).toBe('inv-1')
      expect(forwarded!.body).toEqual({
        venuePhoneNumber: VENUE,
        phoneNumber: CUSTOMER,
        action: 'opt_out',
        source: 'sms_keyword',
        occurredAt: NOW.toISOString(),
        providerMessageId: TWILIO_STOP.MessageSid,
        provider: 'twilio',
      })
    })

    it('forwards START as an opt-in, trusting OptOutType over the text', async () => {
      const params = { ...TWILIO_STOP, Body: 'oui je reviens', OptOutType: 'START' }
      await invoke('inbound', twilioRequest({ path: '/api/twilio/webhook', params }))
      expect(service.requests.map((r) => (r.body as { action: string }).action)).toEqual(['opt_in'])
    })

    it('only logs HELP and other text, without the text or the full numbers', async () => {
      for (const Body of ['HELP', 'what time do doors open? call me on +14155550123']) {
        const response = await invoke('inbound', twilioRequest({ path: '/api/twilio/webhook', params: { ...TWILIO_STOP, Body } }))
        expect(response.status).toBe(200)
      }
      expect(service.requests).toHaveLength(0)
      expect(logs.join('\n')).not.toContain('doors open')
      expect(logs.join('\n')).not.toContain('14155550123')
      expect(logs.some((l) => l.includes('"intent":"help"'))).toBe(true)
    })

    it('validates against the public URL whatever host the request arrived on', async () => {
      const request = twilioRequest({ path: '/api/twilio/webhook?venue=12', params: TWILIO_STOP, receivedOn: 'http://10.0.0.7:7071' })
      expect((await invoke('inbound', request)).status).toBe(200)
      expect(service.requests).toHaveLength(1)
    })

    it('rejects a signed STOP with missing fields without forwarding it', async () => {
      const { MessageSid: _sid, ...params } = TWILIO_STOP
      expect((await invoke('inbound', twilioRequest({ path: '/api/twilio/webhook', params }))).status).toBe(400)
      expect(service.requests).toHaveLength(0)
    })
  })

  describe('signature failures: 400, no side effect, counted and logged masked', () => {
    const cases: Array<[string, () => HttpRequest]> = [
      [
        'tampered body',
        () => twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP, bodyParams: { ...TWILIO_STOP, From: '+14155550124' } }),
      ],
      [
        'tampered URL',
        () =>
          twilioRequest({
            path: '/api/twilio/webhook?venue=2',
            params: TWILIO_STOP,
            signedUrl: `${PUBLIC_BASE_URL}/api/twilio/webhook?venue=1`,
          }),
      ],
      [
        'URL rebuilt from the Host header',
        () =>
          twilioRequest({
            path: '/api/twilio/webhook',
            params: TWILIO_STOP,
            signedUrl: 'https://sms-webhooks-fn.azurewebsites.net/api/twilio/webhook',
          }),
      ],
      ['wrong token', () => twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP, token: 'not-the-token' })],
      ['missing header', () => twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP, omitSignature: true })],
      [
        'Plivo tampered body',
        () => plivoRequest({ path: '/api/plivo/webhook', params: PLIVO_STOP, bodyParams: { ...PLIVO_STOP, Text: 'start' } }),
      ],
      ['Plivo wrong token', () => plivoRequest({ path: '/api/plivo/webhook', params: PLIVO_STOP, token: 'not-the-token' })],
      ['Plivo missing header', () => plivoRequest({ path: '/api/plivo/webhook', params: PLIVO_STOP, omitSignature: true })],
    ]

    it.each(cases)('%s', async (_, build) => {
      const response = await invoke('inbound', build())
      expect(response.status).toBe(400)
      expect(service.requests).toHaveLength(0)
      expect(counted).toHaveLength(1)
      expect(counted[0]!.name).toBe('sms.webhook.signature_failure.total')
      expect(counted[0]!.tags).toMatchObject({ kind: 'inbound' })
      const line = logs.find((l) => l.includes('webhook signature rejected'))
      expect(line).toBeDefined()
      expect(line).not.toMatch(/1415555012[34]|1415555019/)
      expect(line).toMatch(/"from":"\+1\*+2[34]"/)
    })
  })

  it('answers 404 for an unknown provider', async () => {
    const request = twilioRequest({ path: '/api/nexmo/webhook', params: TWILIO_STOP })
    expect((await invoke('inbound', request)).status).toBe(404)
    expect(service.requests).toHaveLength(0)
    expect(counted).toHaveLength(0)
  })

  it('answers 404 for a provider without a configured token', async () => {
    const twilioOnly = createWebhookDeps(
      loadConfig({
        WEBHOOK_PUBLIC_BASE_URL: PUBLIC_BASE_URL,
        SMS_SERVICE_URL: service.url,
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      }),
      createJsonLogger({ level: 'silent' }),
    )
    const request = plivoRequest({ path: '/api/plivo/webhook', params: PLIVO_STOP })
    const response = await handleWebhook('inbound', request, new InvocationContext({ invocationId: 'x' }), twilioOnly)
    expect(response.status).toBe(404)
  })

  describe('Plivo', () => {
    it('forwards a signed STOP with E.164 numbers and answers an empty 200', async () => {
      const response = await invoke('inbound', plivoRequest({ path: '/api/plivo/webhook', params: PLIVO_STOP }))
      expect(response).toMatchObject({ status: 200, body: '' })
      expect(service.requests[0]!.body).toMatchObject({
        venuePhoneNumber: VENUE,
        phoneNumber: CUSTOMER,
        action: 'opt_out',
        provider: 'plivo',
        providerMessageId: PLIVO_STOP.MessageUUID,
      })
    })

    it('forwards a STOP-blocked status callback flagged as an opted-out recipient', async () => {
      const params = {
        MessageUUID: 'u-9',
        Status: 'failed',
        ErrorCode: '200',
        DeliveryReportTime: '2026-03-01 11:59:59.250000',
        From: '14155550199',
        To: '14155550123',
      }
      const response = await invoke('status', plivoRequest({ path: '/api/plivo/status', params }))
      expect(response.status).toBe(200)
      expect(service.requests[0]!.path).toBe('/api/internal/delivery-status')
      expect(service.requests[0]!.body).toEqual({
        provider: 'plivo',
        providerMessageId: 'u-9',
        status: 'failed',
        errorCode: 'plivo:200',
        occurredAt: '2026-03-01T11:59:59.250Z',
        recipientOptedOut: true,
        from: VENUE,
        to: CUSTOMER,
      })
    })
  })

  describe('Twilio status callbacks', () => {
    it('forwards a delivery report', async () => {
      const params = { MessageSid: 'SM2', MessageStatus: 'undelivered', ErrorCode: '30003', From: VENUE, To: CUSTOMER }
      const response = await invoke('status', twilioRequest({ path: '/api/twilio/status', params }))
      expect(response.status).toBe(200)
      expect(service.requests[0]!.body).toEqual({
        provider: 'twilio',
        providerMessageId: 'SM2',
        status: 'undelivered',
        errorCode: 'twilio:30003',
        occurredAt: NOW.toISOString(),
        from: VENUE,
        to: CUSTOMER,
      })
    })

    it('validates a callback whose configured URL carries a connection-override fragment (never signed, never sent)', async () => {
      const params = { MessageSid: 'SM4', MessageStatus: 'delivered', From: VENUE, To: CUSTOMER }
      const request = twilioRequest({ path: '/api/twilio/status#rc=3&rt=5000', params, signedUrl: `${PUBLIC_BASE_URL}/api/twilio/status` })
      expect((await invoke('status', request)).status).toBe(200)
      expect(service.requests).toHaveLength(1)
      expect(counted).toEqual([])
    })
  })

  describe('a delivery report that outruns its send (404 UNKNOWN_PROVIDER_MESSAGE)', () => {
    const unknown = {
      status: 404,
      body: { statusCode: 404, code: 'UNKNOWN_PROVIDER_MESSAGE', message: 'no send has this provider message id' },
    }
    const report = () =>
      twilioRequest({ path: '/api/twilio/status', params: { MessageSid: 'SM5', MessageStatus: 'sent', From: VENUE, To: CUSTOMER } })

    it('is retried and forwarded once the service knows the send', async () => {
      service.reply(unknown)
      const response = await invoke('status', report())
      expect(response.status).toBe(200)
      expect(service.requests).toHaveLength(2)
      expect(service.requests[1]!.body).toEqual(service.requests[0]!.body)
      expect(counted).toEqual([])
      expect(logs.some((l) => l.includes('"level":"error"'))).toBe(false)
    })

    it('is acknowledged after the retry budget, with an error log and the forward-failure metric', async () => {
      service.replyAlways(unknown)
      const response = await invoke('status', report())
      expect(response.status).toBe(200)
      expect(service.requests).toHaveLength(4)
      expect(counted).toEqual([{ name: 'sms.webhook.forward_failure.total', tags: { provider: 'twilio', reason: 'unknown_message' } }])
      const line = logs.find((l) => l.includes('"level":"error"'))
      expect(line).toBeDefined()
      expect(JSON.parse(line!)).toMatchObject({
        reason: 'unknown_message',
        serviceStatus: 404,
        serviceCode: 'UNKNOWN_PROVIDER_MESSAGE',
        attempts: 4,
        providerMessageId: 'SM5',
      })
      expect(line).not.toMatch(/14155550123|14155550199/)
    })

    it('is not retried for an inbound STOP: that 404 is a plain refusal there', async () => {
      service.reply(unknown)
      const response = await invoke('inbound', twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP }))
      expect(response.status).toBe(200)
      expect(service.requests).toHaveLength(1)
      expect(counted).toEqual([{ name: 'sms.webhook.forward_failure.total', tags: { provider: 'twilio', reason: 'rejected' } }])
    })

    it('is done at once when the service recorded the carrier opt-out it reports (202): no retry, no error, not counted', async () => {
      service.reply({ status: 202, body: { outcome: 'opt_out_recorded', venueId: 7 } })
      const params = { MessageSid: 'SM6', MessageStatus: 'undelivered', ErrorCode: '21610', From: VENUE, To: CUSTOMER }
      const response = await invoke('status', twilioRequest({ path: '/api/twilio/status', params }))
      expect(response.status).toBe(200)
      expect(service.requests).toHaveLength(1)
      expect(service.requests[0]!.body).toMatchObject({ providerMessageId: 'SM6', recipientOptedOut: true, from: VENUE, to: CUSTOMER })
      expect(counted).toEqual([])
      expect(logs.filter((l) => /"level":"(warn|error)"/.test(l))).toEqual([])
      const line = logs.find((l) => l.includes('carrier opt-out recorded'))
      expect(JSON.parse(line!)).toMatchObject({ level: 'info', providerMessageId: 'SM6', attempts: 1 })
      expect(line).not.toMatch(/14155550123|14155550199/)
    })

    it('acknowledges statuses it does not forward', async () => {
      const params = { MessageSid: 'SM3', MessageStatus: 'received' }
      expect((await invoke('status', twilioRequest({ path: '/api/twilio/status', params }))).status).toBe(200)
      expect(service.requests).toHaveLength(0)
    })
  })

  describe('forwarding failures', () => {
    const stop = () => twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP })

    it('retries a transient failure and then acknowledges', async () => {
      service.reply({ status: 503 })
      expect((await invoke('inbound', stop())).status).toBe(200)
      expect(service.requests).toHaveLength(2)
      expect(service.requests[1]!.body).toEqual(service.requests[0]!.body)
    })

    it('answers 5xx when the service keeps failing, so the provider retries', async () => {
      service.reply({ status: 500 }, { status: 502 }, { status: 503 })
      const response = await invoke('inbound', stop())
      expect(response.status).toBe(503)
      expect(service.requests).toHaveLength(3)
      expect(counted).toEqual([{ name: 'sms.webhook.forward_failure.total', tags: { provider: 'twilio', reason: 'server_error' } }])
    })

    it('answers 500 when the service refuses the internal token', async () => {
      service.reply({ status: 401 })
      expect((await invoke('inbound', stop())).status).toBe(500)
      expect(service.requests).toHaveLength(1)
    })

    it('acknowledges a permanent refusal, since a retry cannot succeed, and logs it', async () => {
      service.reply({ status: 404 })
      expect((await invoke('inbound', stop())).status).toBe(200)
      expect(logs.some((l) => l.includes('"level":"error"') && l.includes('"serviceStatus":404'))).toBe(true)
    })

    it('is harmless when the provider retries the same message', async () => {
      await invoke('inbound', stop())
      await invoke('inbound', stop())
      const [first, second] = service.requests
      expect(second!.body).toEqual(first!.body)
    })
  })

  describe('auth token rotation: the previous token is still accepted', () => {
    const OLD_TWILIO = 'twilio-auth-token-rotated-out'
    const OLD_PLIVO = 'plivo-auth-token-rotated-out'
    let rotating: WebhookDeps
    beforeAll(() => {
      const config = loadConfig({
        WEBHOOK_PUBLIC_BASE_URL: PUBLIC_BASE_URL,
        SMS_SERVICE_URL: service.url,
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
        TWILIO_AUTH_TOKEN_PREVIOUS: OLD_TWILIO,
        PLIVO_AUTH_TOKEN: PLIVO_TOKEN,
        PLIVO_AUTH_TOKEN_PREVIOUS: OLD_PLIVO,
      })
      rotating = {
        ...createWebhookDeps(config, createJsonLogger({ level: 'debug', write: (line) => logs.push(line) })),
        metrics: deps.metrics,
        now: () => NOW,
      }
    })
    const call = (request: HttpRequest) =>
      handleWebhook('inbound', request, new InvocationContext({ invocationId: 'inv-r', functionName: 'inbound' }), rotating)

    it.each([
      ['Twilio, current token', () => twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP })],
      ['Twilio, previous token', () => twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP, token: OLD_TWILIO })],
      ['Plivo, current token', () => plivoRequest({ path: '/api/plivo/webhook', params: PLIVO_STOP })],
      ['Plivo, previous token', () => plivoRequest({ path: '/api/plivo/webhook', params: PLIVO_STOP, token: OLD_PLIVO })],
    ])('forwards a STOP signed with the %s', async (_, build) => {
      expect((await call(build())).status).toBe(200)
      expect(service.requests.map((r) => r.body)).toMatchObject([{ action: 'opt_out', phoneNumber: CUSTOMER }])
      expect(counted).toEqual([])
    })

    it.each([
      ['Twilio', () => twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP, token: 'neither-current-nor-previous' })],
      ['Plivo', () => plivoRequest({ path: '/api/plivo/webhook', params: PLIVO_STOP, token: 'neither-current-nor-previous' })],
      // The previous token does not open a hole: a body changed after signing fails under both.
      [
        'Twilio, tampered body',
        () =>
          twilioRequest({
            path: '/api/twilio/webhook',
            params: TWILIO_STOP,
            token: OLD_TWILIO,
            bodyParams: { ...TWILIO_STOP, Body: 'START' },
          }),
      ],
    ])('refuses %s signed with neither token', async (_, build) => {
      expect((await call(build())).status).toBe(400)
      expect(service.requests).toHaveLength(0)
      expect(counted).toMatchObject([{ name: 'sms.webhook.signature_failure.total', tags: { reason: 'invalid_signature' } }])
    })

    it('accepts only the current token once the previous one is unset', async () => {
      const request = twilioRequest({ path: '/api/twilio/webhook', params: TWILIO_STOP, token: OLD_TWILIO })
      expect((await invoke('inbound', request)).status).toBe(400)
    })
  })
})
