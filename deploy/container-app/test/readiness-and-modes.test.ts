import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { ConfigError } from '../src/config/config-error.js'
import { loadConfig } from '../src/config/load-config.js'
import { PUBLIC_TOKEN, startTestRuntime } from './support/test-runtime.js'

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
      expect(consumerDown.json()).toMatchObject({ status: 'unavailable', failing: ['queueConsumer'], checks: { queueConsumer: { ok: false, detail: 'consumer is stopped' }, database: { ok: true } } })
      await t.runtime.database.close()
      const bothDown = await t.app.inject({ url: '/healthz/ready' })
      expect(bothDown.json().failing).toEqual(['database', 'queueConsumer'])
      expect((await t.app.inject({ url: '/healthz/live' })).statusCode).toBe(200)
    } finally {
      await t.close()
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
    const t = await startTestRuntime({ env: { SMS_FALLBACK_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: TWILIO.TWILIO_AUTH_TOKEN } })
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
    const base = { SERVICEBUS_NAMESPACE: 'ns.servicebus.windows.net', API_TOKENS: PUBLIC_TOKEN, INTERNAL_API_TOKEN: 'internal-token-0123456789' }
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
