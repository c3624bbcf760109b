import { describe, expect, it } from 'vitest'
import { loadConfig } from './config/load-config.js'
import { startupBanner } from './startup-banner.js'

const twilio = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'secret' }

describe('startupBanner', () => {
  it('offers the development walkthrough on the simulated default', () => {
    const banner = startupBanner(loadConfig({}), 'http://0.0.0.0:3000')
    expect(banner).toContain('curl -s -X POST http://127.0.0.1:3000/api/dev/events')
    expect(banner).not.toContain('WARNING')
  })

  it('warns about a real provider on the in-process queue and offers no development route', () => {
    const banner = startupBanner(loadConfig(twilio), 'http://0.0.0.0:3000')
    expect(banner).toContain('WARNING: SMS_PROVIDER sends real SMS but no Service Bus is configured')
    expect(banner).toContain('development routes (/api/dev/*) are off with a real provider')
    expect(banner).not.toContain('/api/dev/events')
  })

  it('warns loudly when DEV_ROUTES=true opens the development routes with a real provider', () => {
    const banner = startupBanner(loadConfig({ ...twilio, DEV_ROUTES: 'true' }), 'http://0.0.0.0:3000')
    expect(banner).toContain('WARNING: DEV_ROUTES=true')
    expect(banner).toContain('/api/dev/events')
  })
})
