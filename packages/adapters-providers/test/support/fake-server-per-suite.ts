import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startFakeProviderServer, type FakeProviderServer } from '../../src/fake-provider-server/index.js'

/**
 * One fake provider server for the calling suite: started before its tests, reset before each, closed after.
 * Returns the running server.
 */
export function fakeProviderServerPerSuite(): () => FakeProviderServer {
  let server: FakeProviderServer | undefined
  beforeAll(async () => {
    server = await startFakeProviderServer()
  })
  afterAll(async () => {
    await server?.close()
  })
  beforeEach(() => {
    server?.reset()
  })
  return () => {
    if (!server) throw new Error('the fake provider server runs only inside the suite')
    return server
  }
}
