import { describeSmsProviderContract } from '@sms-notification/core/testing'
import { startFakeProviderServer } from '../src/fake-provider-server/index.js'
import type { FakeProviderServer } from '../src/fake-provider-server/index.js'
import { createPlivoSmsProvider } from '../src/plivo/index.js'
import { createTwilioSmsProvider } from '../src/twilio/index.js'

const RECIPIENTS = {
  ok: '+14155550100',
  optedOut: '+14155550101',
  invalid: '+14155550102',
  transient: '+14155550103',
  configuration: '+14155550104',
}

function acceptedBy(server: FakeProviderServer) {
  return async () => server.accepted.map(({ from, to, body }) => ({ from, to, body }))
}

describeSmsProviderContract({
  name: 'twilio (SDK over HTTP to the fake server)',
  async setup() {
    const server = await startFakeProviderServer()
    server.script(RECIPIENTS.optedOut, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' })
    server.script(RECIPIENTS.invalid, { status: 400, code: 21211, message: "Invalid 'To' Phone Number" })
    server.script(RECIPIENTS.transient, { status: 503 })
    server.script(RECIPIENTS.configuration, { status: 400, code: 21606, message: "The 'From' phone number provided is not valid" })
    return {
      provider: createTwilioSmsProvider({ ...server.credentials.twilio, apiBaseUrl: server.url, timeoutMs: 2000 }),
      recipients: RECIPIENTS,
      provisionCountry: 'US',
      accepted: acceptedBy(server),
      close: () => server.close(),
    }
  },
})

describeSmsProviderContract({
  name: 'plivo (SDK over HTTP to the fake server)',
  async setup() {
    const server = await startFakeProviderServer()
    // Plivo accepts a send to a STOP-blocked number and reports it later; the fake does the same.
    server.script(RECIPIENTS.invalid, { status: 400, message: 'dst parameter is invalid' })
    server.script(RECIPIENTS.transient, { status: 429, message: 'too many requests' })
    server.script(RECIPIENTS.configuration, { status: 401, message: 'authentication failed' })
    return {
      provider: createPlivoSmsProvider({ ...server.credentials.plivo, apiBaseUrl: server.url, timeoutMs: 2000, applicationId: 'app-1' }),
      recipients: RECIPIENTS,
      provisionCountry: 'US',
      accepted: acceptedBy(server),
      close: () => server.close(),
    }
  },
})
