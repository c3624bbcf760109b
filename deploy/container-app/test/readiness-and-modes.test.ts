import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { PUBLIC_TOKEN, startTestRuntime } from './support/test-runtime.js'

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
