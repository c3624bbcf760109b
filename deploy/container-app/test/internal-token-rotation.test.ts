import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUBLIC_TOKEN, startTestRuntime, type TestRuntime } from './support/test-runtime.js'

const OLD = 'rotating-internal-old-0123456789'
const NEW = 'rotating-internal-new-0123456789'

describe('INTERNAL_API_TOKEN with several tokens (rotation)', () => {
  let t: TestRuntime
  beforeAll(async () => {
    t = await startTestRuntime({ env: { INTERNAL_API_TOKEN: `${OLD}, ${NEW}` } })
  })
  afterAll(async () => {
    await t?.close()
  })

  const call = (token: string | null) =>
    t.app.inject({
      method: 'GET',
      url: '/api/internal/venues/70/phone-numbers',
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    })

  it('accepts every listed token on the internal routes', async () => {
    expect((await call(OLD)).statusCode).toBe(200)
    expect((await call(NEW)).statusCode).toBe(200)
    const update = await t.app.inject({
      method: 'POST',
      url: '/api/internal/consent/update',
      headers: { authorization: `Bearer ${NEW}` },
      payload: { venueId: 70, phoneNumber: '+14155550170', action: 'opt_in', source: 'checkout' },
    })
    expect(update.statusCode).toBe(200)
  })

  it('still answers 401 for unknown tokens and 403 for a public one, and keeps internal tokens off public routes', async () => {
    expect((await call(null)).statusCode).toBe(401)
    expect((await call(`${OLD},${NEW}`)).statusCode).toBe(401)
    expect((await call('rotating-internal-zzz-0123456789')).statusCode).toBe(401)
    expect((await call(PUBLIC_TOKEN)).statusCode).toBe(403)
    const publicRoute = await t.app.inject({ url: '/api/history', headers: { authorization: `Bearer ${OLD}` } })
    expect(publicRoute.statusCode).toBe(403)
  })

  it('never logs either token', () => {
    const text = t.logs.text()
    expect(text).not.toContain(OLD)
    expect(text).not.toContain(NEW)
  })
})
