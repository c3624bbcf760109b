import { randomUUID } from 'node:crypto'
import { startFakeProviderServer } from '@sms-notification/adapters-providers/fake-provider-server'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { ConfigError } from '../src/config/config-error.js'
import { SENDER_MAX_WAIT_LIMIT_MS } from '../src/config/config-schema.js'
import { loadConfig } from '../src/config/load-config.js'
import { INTERNAL_TOKEN, PUBLIC_TOKEN, startTestRuntime } from './support/test-runtime.js'

const TWILIO = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'twilio-auth-token-0123456789' }
const REAL_PROVIDER_WARNING = /events are consumed from the in-process queue only/
const DEV_ROUTES_WARNING = /DEV_ROUTES=true with a real SMS provider/

describe('readiness', () => {
  it('turns 503 naming the queue consumer once it stopped, and the database once it closed', async () => {
    const t = await startTestRuntime()
    try {
      expect((await t.app.inject({ url: '/healthz/ready' })).statusCode).toBe(200)
      await t.runtime.stopWork()
      const consumerDown = await t.app.inject({ url: '/healthz/ready' })
      expect(consumerDown.statusCode).toBe(503)
      expect(consumerDown.json()).toMatchObject({
        status: 'unavailable',
        failing: ['queueConsumer'],
        checks: { queueConsumer: { ok: false, detail: 'consumer is stopped' }, database: { ok: true } },
      })
      await t.runtime.database.close()
      const bothDown = await t.app.inject({ url: '/healthz/ready' })
      expect(bothDown.json().failing).toEqual(['database', 'queueConsumer'])
      expect((await t.app.inject({ url: '/healthz/live' })).statusCode).toBe(200)
    } finally {
      await t.close()
    }
  })
})

describe('sender pacing settings', () => {
  it('starts with the longest slot wait the configuration allows (the core refuses more than a quarter of the lease)', async () => {
    const t = await startTestRuntime({ env: { SENDER_INTERVAL_MS: '1000', SENDER_MAX_WAIT_MS: String(SENDER_MAX_WAIT_LIMIT_MS) } })
    try {
      expect((await t.app.inject({ url: '/healthz/ready' })).statusCode).toBe(200)
    } finally {
      await t.close()
    }
  })
})

describe('readiness with a fallback provider', () => {
  it('fails when the primary refuses the credentials while provisioning a venue number (http:401)', async () => {
    const fake = await startFakeProviderServer()
    const t = await startTestRuntime({
      env: {
        SMS_PROVIDER: 'plivo',
        PLIVO_AUTH_ID: fake.credentials.plivo.authId,
        PLIVO_AUTH_TOKEN: 'a-revoked-plivo-auth-token',
        PLIVO_API_BASE_URL: fake.url,
        SMS_FALLBACK_PROVIDER: 'simulated',
        DEV_ROUTES: 'true',
      },
    })
    try {
      expect((await t.app.inject({ url: '/healthz/ready' })).statusCode).toBe(200)
      const phoneNumber = '+14155550190'
      const internal = { authorization: `Bearer ${INTERNAL_TOKEN}` }
      const optIn = await t.app.inject({
        method: 'POST',
        url: '/api/internal/consent/update',
        headers: internal,
        payload: { venueId: 90, phoneNumber, action: 'opt_in', source: 'checkout' },
      })
      expect(optIn.statusCode).toBe(200)
      const event = {
        OrderId: randomUUID(),
        VenueId: 90,
        CustomerId: randomUUID(),
        PhoneNumber: phoneNumber,
        CustomerName: 'Ann',
        OrderTotal: 10,
        TicketCount: 1,
        EventTimestamp: new Date().toISOString(),
        Currency: 'USD',
        VenueName: 'The Fillmore',
      }
      const queued = await t.app.inject({
        method: 'POST',
        url: '/api/dev/events',
        headers: { authorization: `Bearer ${PUBLIC_TOKEN}` },
        payload: event,
      })
      expect(queued.statusCode).toBe(202)
      // Seen on the provisioning call itself (through the member the core unpacks), not only on the send it fails.
      const provisionRefused = (line: string) =>
        line.startsWith('sms.provider.configuration_error.total:1|c|') &&
        line.includes('operation:provision') &&
        line.includes('error_code:http:401')
      const deadline = Date.now() + 4_000
      while (!t.metricLines().some(provisionRefused) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(t.metricLines().filter(provisionRefused)).toHaveLength(1)
      expect(fake.requests.some((r) => r.provider === 'plivo' && !r.authorized)).toBe(true)
      const ready = await t.app.inject({ url: '/healthz/ready' })
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toMatchObject({
        failing: ['configuration'],
        checks: { configuration: { ok: false, detail: 'provider rejected the credentials (http:401)' } },
      })
    } finally {
      await t.close()
      await fake.close()
    }
  })
})

describe('without the embedded queue (Service Bus deployments)', () => {
  it('has no development routes', async () => {
    const t = await startTestRuntime()
    const { dev: _dev, ...withoutDev } = t.runtime.appDeps
    const app = await buildApp(withoutDev)
    try {
      const headers = { authorization: `Bearer ${PUBLIC_TOKEN}` }
      expect((await app.inject({ method: 'POST', url: '/api/dev/events', headers, payload: {} })).statusCode).toBe(404)
      expect((await app.inject({ url: '/api/dev/outbox', headers })).statusCode).toBe(404)
      expect((await app.inject({ url: '/api/history', headers })).statusCode).toBe(200)
      const doc = (await app.inject({ url: '/docs/json' })).json()
      expect(Object.keys(doc.paths)).not.toContain('/api/dev/events')
    } finally {
      await app.close()
      await t.close()
    }
  })
})

describe('development routes on the embedded queue', () => {
  const headers = { authorization: `Bearer ${PUBLIC_TOKEN}` }
  const devRoutesServed = async (app: Awaited<ReturnType<typeof startTestRuntime>>['app']) => {
    const outbox = await app.inject({ url: '/api/dev/outbox', headers })
    const events = await app.inject({ method: 'POST', url: '/api/dev/events', headers, payload: {} })
    const doc = (await app.inject({ url: '/docs/json' })).json()
    const documented = Object.keys(doc.paths).includes('/api/dev/events')
    expect(events.statusCode === 202).toBe(outbox.statusCode === 200)
    expect(documented).toBe(outbox.statusCode === 200)
    return outbox.statusCode === 200
  }

  it('are served with the simulated provider, the default', async () => {
    const t = await startTestRuntime()
    try {
      expect(await devRoutesServed(t.app)).toBe(true)
      expect(t.logs.text()).not.toMatch(REAL_PROVIDER_WARNING)
    } finally {
      await t.close()
    }
  })

  it('are not served with a real provider, and startup warns that events come from the in-process queue only', async () => {
    const t = await startTestRuntime({ env: TWILIO })
    try {
      expect(await devRoutesServed(t.app)).toBe(false)
      const warning = t.logs.records().find((r) => REAL_PROVIDER_WARNING.test(String(r.msg)))
      expect(warning).toMatchObject({ level: 40, provider: 'twilio', queue: 'embedded' })
      expect(t.logs.text()).not.toMatch(DEV_ROUTES_WARNING)
    } finally {
      await t.close()
    }
  })

  it('are not served when only the fallback provider is real', async () => {
    const t = await startTestRuntime({
      env: { SMS_FALLBACK_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: TWILIO.TWILIO_AUTH_TOKEN },
    })
    try {
      expect(await devRoutesServed(t.app)).toBe(false)
    } finally {
      await t.close()
    }
  })

  it('are served with a real provider only on an explicit DEV_ROUTES=true, with a warning', async () => {
    const t = await startTestRuntime({ env: { ...TWILIO, DEV_ROUTES: 'true' } })
    try {
      expect(await devRoutesServed(t.app)).toBe(true)
      expect(t.logs.records().find((r) => DEV_ROUTES_WARNING.test(String(r.msg)))).toMatchObject({ level: 40 })
    } finally {
      await t.close()
    }
  })

  it('can be switched off with DEV_ROUTES=false', async () => {
    const t = await startTestRuntime({ env: { DEV_ROUTES: 'false' } })
    try {
      expect(await devRoutesServed(t.app)).toBe(false)
    } finally {
      await t.close()
    }
  })

  it('are refused with Service Bus, whatever DEV_ROUTES says', () => {
    const base = {
      SERVICEBUS_NAMESPACE: 'ns.servicebus.windows.net',
      API_TOKENS: PUBLIC_TOKEN,
      INTERNAL_API_TOKEN: 'internal-token-0123456789',
    }
    expect(loadConfig(base).devRoutes).toBe(false)
    let error: unknown
    try {
      loadConfig({ ...base, DEV_ROUTES: 'true' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variables).toEqual(['DEV_ROUTES'])
  })
})
