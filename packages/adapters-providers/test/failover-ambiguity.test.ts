import { FailoverSmsProvider } from '@sms-notification/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeProviderServerPerSuite } from './support/fake-server-per-suite.js'
import type { FakeProviderServer } from '../src/fake-provider-server/index.js'
import { createPlivoSmsProvider } from '../src/plivo/index.js'
import { createTwilioSmsProvider } from '../src/twilio/index.js'
import { closedPort, sendRequest } from './support/send-request.js'

const TO = '+14155550177'

/**
 * The double send a review reproduced: Twilio accepted after the client timed out and the failover sent again
 * through Plivo. Real SDKs against the fake server, behind the core's FailoverSmsProvider.
 */
describe('failover with the real adapters: only failures that certainly sent nothing move to the secondary', () => {
  let server: FakeProviderServer
  let failover: FailoverSmsProvider

  const fakeServer = fakeProviderServerPerSuite()
  beforeEach(() => {
    server = fakeServer()
    failover = new FailoverSmsProvider(
      createTwilioSmsProvider({ ...server.credentials.twilio, apiBaseUrl: server.url, timeoutMs: 300 }),
      createPlivoSmsProvider({ ...server.credentials.plivo, apiBaseUrl: server.url, timeoutMs: 300 }),
    )
  })

  const sendsBy = (provider: string) => server.requests.filter((r) => r.operation === 'send' && r.provider === provider)

  it('keeps a late 201 at the primary: no second SMS through the secondary', async () => {
    server.script(TO, { status: 201, delayMs: 800, times: 1, body: { sid: `SM${'b'.repeat(32)}`, status: 'queued' } })
    const outcome = await failover.send(sendRequest(TO))
    expect(outcome).toMatchObject({ kind: 'transient', provider: 'twilio', errorCode: 'timeout', ambiguous: true })
    expect(sendsBy('twilio')).toHaveLength(1)
    expect(sendsBy('plivo')).toHaveLength(0)
  })

  it('keeps a 500 at the primary', async () => {
    server.script(TO, { status: 500, code: 20500, times: 1 })
    expect(await failover.send(sendRequest(TO))).toMatchObject({ kind: 'transient', provider: 'twilio', ambiguous: true })
    expect(sendsBy('plivo')).toHaveLength(0)
  })

  it('fails a 503 over to the secondary, which sends', async () => {
    server.script(TO, { status: 503, times: 1 })
    expect(await failover.send(sendRequest(TO))).toMatchObject({ kind: 'sent', provider: 'plivo' })
    expect(sendsBy('twilio')).toHaveLength(1)
    expect(sendsBy('plivo')).toHaveLength(1)
  })

  it('fails a refused connection over to the secondary', async () => {
    const port = await closedPort()
    const offlinePrimary = new FailoverSmsProvider(
      createTwilioSmsProvider({ ...server.credentials.twilio, apiBaseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000 }),
      createPlivoSmsProvider({ ...server.credentials.plivo, apiBaseUrl: server.url, timeoutMs: 300 }),
    )
    expect(await offlinePrimary.send(sendRequest(TO))).toMatchObject({ kind: 'sent', provider: 'plivo' })
    expect(sendsBy('plivo')).toHaveLength(1)
  })
})
