import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { signTwilio } from '@sms-notification/adapters-providers/twilio/webhooks'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { StubService } from '../../test/support/stub-service.js'
import { loadConfig } from '../config.js'
import { createWebhookDeps } from '../create-webhook-deps.js'
import { createJsonLogger } from '../observability/json-logger.js'
import { createLocalServer } from './local-server.js'

describe('createLocalServer', () => {
  const service = new StubService()
  let server: Server
  let base = ''

  beforeAll(async () => {
    await service.start()
    const config = loadConfig({
      WEBHOOK_PUBLIC_BASE_URL: 'https://hooks.example.com',
      SMS_SERVICE_URL: service.url,
      INTERNAL_API_TOKEN: 'internal-token-0123456789',
      TWILIO_AUTH_TOKEN: 'tw-token',
    })
    server = createLocalServer(createWebhookDeps(config, createJsonLogger({ level: 'silent' })))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await service.stop()
  })
  beforeEach(() => service.reset())

  const params = { MessageSid: 'SM1', From: '+14155550123', To: '+14155550199', Body: 'Stop' }
  const post = (path: string, signature: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
    })

  it('serves the handlers over HTTP like the Functions host, routes matched case-insensitively', async () => {
    const signature = signTwilio('tw-token', 'https://hooks.example.com/api/Twilio/webhook?v=1', params)
    const response = await post('/api/Twilio/webhook?v=1', signature)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/xml')
    expect(await response.text()).toMatch(/<Response\/>$/)
    expect(service.requests.map((r) => r.path)).toEqual(['/api/internal/consent/update'])
  })

  it('answers 400 to a bad signature and 404 off the routes', async () => {
    expect((await post('/api/twilio/webhook', 'bad')).status).toBe(400)
    expect((await post('/api/twilio/elsewhere', 'bad')).status).toBe(404)
    expect((await fetch(`${base}/api/twilio/webhook`)).status).toBe(404)
    expect(service.requests).toHaveLength(0)
  })
})
