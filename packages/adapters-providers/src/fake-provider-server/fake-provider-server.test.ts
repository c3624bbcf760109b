import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeProviderServer } from './fake-provider-server.js'
import type { FakeProviderServer } from './fake-provider-types.js'

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe('fake provider server', () => {
  let server: FakeProviderServer
  let twilioAuth: string
  let messagesUrl: string

  beforeEach(async () => {
    server = await startFakeProviderServer()
    const { accountSid, authToken } = server.credentials.twilio
    twilioAuth = basic(accountSid, authToken)
    messagesUrl = `${server.url}/2010-04-01/Accounts/${accountSid}/Messages.json`
  })
  afterEach(async () => {
    await server.close()
  })

  const postForm = (url: string, form: Record<string, string>, authorization = twilioAuth) =>
    fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    })

  it('listens on 127.0.0.1 with an ephemeral port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.url).not.toMatch(/:0$/)
  })

  it('answers a Twilio send with 201 and an SM sid, and records it', async () => {
    const response = await postForm(messagesUrl, { To: '+14155550100', From: '+12125550100', Body: 'hi' })
    expect(response.status).toBe(201)
    const body = (await response.json()) as { sid: string; status: string }
    expect(body.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(body.status).toBe('queued')
    expect(server.accepted).toEqual([{ provider: 'twilio', id: body.sid, from: '+12125550100', to: '+14155550100', body: 'hi' }])
    expect(server.requests[0]).toMatchObject({ provider: 'twilio', operation: 'send', authorized: true, params: { To: '+14155550100' } })
  })

  it('refuses bad Twilio credentials with 401 and code 20003 in Twilio error shape', async () => {
    const response = await postForm(
      messagesUrl,
      { To: '+14155550100', From: '+12125550100', Body: 'hi' },
      basic(server.credentials.twilio.accountSid, 'nope'),
    )
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 20003, status: 401, more_info: 'https://www.twilio.com/docs/errors/20003' })
    expect(server.accepted).toHaveLength(0)
  })

  it('answers a Plivo send with 202 and a message uuid; refuses bad credentials with { api_id, error }', async () => {
    const { authId, authToken } = server.credentials.plivo
    const url = `${server.url}/v1/Account/${authId}/Message/`
    const send = (authorization: string) =>
      fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ src: '12125550100', dst: '14155550100', text: 'hi' }),
      })
    const ok = await send(basic(authId, authToken))
    expect(ok.status).toBe(202)
    expect(await ok.json()).toMatchObject({ message: 'message(s) queued', message_uuid: [expect.stringMatching(/^[0-9a-f-]{36}$/)] })
    const refused = await send(basic(authId, 'nope'))
    expect(refused.status).toBe(401)
    expect(Object.keys((await refused.json()) as object).sort()).toEqual(['api_id', 'error'])
  })

  it('plays a scripted answer the given number of times, with its headers, then answers normally', async () => {
    server.script('14155550100', { status: 429, code: 20429, headers: { 'Retry-After': '3' }, times: 1 })
    const first = await postForm(messagesUrl, { To: '+14155550100', From: '+12125550100', Body: 'hi' })
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('3')
    expect(await first.json()).toMatchObject({ code: 20429, status: 429 })
    const second = await postForm(messagesUrl, { To: '+14155550100', From: '+12125550100', Body: 'hi' })
    expect(second.status).toBe(201)
  })

  it('can reset the connection', async () => {
    server.script('+14155550100', { reset: true })
    await expect(postForm(messagesUrl, { To: '+14155550100', From: '+12125550100', Body: 'hi' })).rejects.toThrow()
  })

  it('closes promptly even with a request parked by a delay script', async () => {
    server.script('+14155550100', { delayMs: 60_000 })
    const pending = postForm(messagesUrl, { To: '+14155550100', From: '+12125550100', Body: 'hi' }).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = performance.now()
    await server.close()
    expect(performance.now() - started).toBeLessThan(1000)
    expect(await pending).toBeInstanceOf(Error)
    server = await startFakeProviderServer()
  })

  it('answers 404 for unknown routes and records them', async () => {
    const response = await fetch(`${server.url}/nothing/here`)
    expect(response.status).toBe(404)
    expect(server.requests[0]).toMatchObject({ provider: null, operation: null, path: '/nothing/here' })
  })

  it('sells default fictional US numbers filtered by area code, once each', async () => {
    const { accountSid } = server.credentials.twilio
    const search = await fetch(
      `${server.url}/2010-04-01/Accounts/${accountSid}/AvailablePhoneNumbers/US/Local.json?AreaCode=415&PageSize=3`,
      {
        headers: { authorization: twilioAuth },
      },
    )
    const { available_phone_numbers: numbers } = (await search.json()) as { available_phone_numbers: Array<{ phone_number: string }> }
    expect(numbers.map((n) => n.phone_number)).toEqual(['+14155550100', '+14155550101', '+14155550102'])
    const buy = () => postForm(`${server.url}/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`, { PhoneNumber: '+14155550100' })
    expect((await buy()).status).toBe(201)
    const again = await buy()
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 21422 })
  })
})
