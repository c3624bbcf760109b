import type { OptOutPublisher, PublishResult } from '@sms-notification/core'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config/load-config.js'
import { buildRuntime, type TransportSettings } from '../src/runtime/build-runtime.js'
import { createEmbeddedTransport } from '../src/runtime/embedded-transport.js'
import type { ConsumerStatusView, Transport } from '../src/runtime/transport.js'
import { LogCapture } from './support/log-capture.js'
import { INTERNAL_TOKEN, inMemoryDatabase, PUBLIC_TOKEN } from './support/test-runtime.js'

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

function runtimeWith(createTransport: (settings: TransportSettings) => Promise<Transport>, env: Record<string, string> = {}) {
  const config = loadConfig({ API_TOKENS: PUBLIC_TOKEN, INTERNAL_API_TOKEN: INTERNAL_TOKEN, ...env })
  return buildRuntime(config, { logDestination: new LogCapture(), openDatabase: async () => inMemoryDatabase(), createTransport })
}

describe('shutdown order', () => {
  it('closes the opt-out publisher only after the outbox relay finished its round', async () => {
    const events: string[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const publisher: OptOutPublisher & { close(): Promise<void> } = {
      async publish(): Promise<PublishResult> {
        events.push('publish started')
        await gate
        events.push('publish finished')
        return { kind: 'published' }
      },
      async close() {
        events.push('publisher closed')
      },
    }
    const runtime = await runtimeWith(async (settings) => {
      const embedded = createEmbeddedTransport(settings)
      return {
        ...embedded,
        publisher,
        async stopConsumer(graceMs) {
          events.push('consumer stopped')
          await embedded.stopConsumer(graceMs)
        },
        async close(graceMs) {
          await publisher.close()
          return embedded.close(graceMs)
        },
      }
    })
    await runtime.start()
    await runtime.notifier.consent.update({ venueId: 3, phoneNumber: '+14155550133', action: 'opt_out', source: 'support_request' })
    await until(() => events.includes('publish started'))
    const stopping = runtime.stopWork()
    // The relay is stuck in its round: the publisher must still be open.
    await new Promise((r) => setTimeout(r, 100))
    expect(events).toEqual(['publish started', 'consumer stopped'])
    release()
    await stopping
    expect(events).toEqual(['publish started', 'consumer stopped', 'publish finished', 'publisher closed'])
    await runtime.close()
  })
})

describe('liveness of the queue consumer', () => {
  function failingTransport(status: { current: ConsumerStatusView }) {
    return async (settings: TransportSettings): Promise<Transport> => {
      const embedded = createEmbeddedTransport(settings)
      return { ...embedded, consumerStatus: () => status.current }
    }
  }

  it('fails /healthz/live (503, naming the consumer) once the consumer stayed failed past LIVENESS_CONSUMER_FAILED_MS', async () => {
    const status: { current: ConsumerStatusView } = { current: { state: 'running' } }
    const runtime = await runtimeWith(failingTransport(status), { LIVENESS_CONSUMER_FAILED_MS: '200' })
    const app = await buildApp(runtime.appDeps)
    try {
      await runtime.start()
      expect((await app.inject({ url: '/healthz/live' })).json()).toEqual({ status: 'ok' })
      status.current = { state: 'failed', lastError: { code: 'MessagingEntityNotFound', at: new Date() } }
      // Readiness fails at once; liveness waits for the configured period.
      const ready = await app.inject({ url: '/healthz/ready' })
      expect(ready.statusCode).toBe(503)
      expect(ready.json().failing).toEqual(['queueConsumer'])
      expect((await app.inject({ url: '/healthz/live' })).statusCode).toBe(200)
      await new Promise((r) => setTimeout(r, 250))
      const live = await app.inject({ url: '/healthz/live' })
      expect(live.statusCode).toBe(503)
      expect(live.json()).toMatchObject({ status: 'unavailable', failing: ['queueConsumer'], checks: { queueConsumer: { ok: false } } })
      expect(live.json().checks.queueConsumer.detail).toMatch(
        /^queue consumer failed \d+ s ago \(MessagingEntityNotFound\) and did not recover$/,
      )
      status.current = { state: 'running' }
      expect((await app.inject({ url: '/healthz/live' })).statusCode).toBe(200)
    } finally {
      await app.close()
      await runtime.close()
    }
  })

  it('waits five minutes by default', async () => {
    const status: { current: ConsumerStatusView } = {
      current: { state: 'failed', lastError: { code: 'Unauthorized', at: new Date(Date.now() - 4 * 60_000) } },
    }
    const runtime = await runtimeWith(failingTransport(status))
    const app = await buildApp(runtime.appDeps)
    try {
      expect(runtime.config.env.LIVENESS_CONSUMER_FAILED_MS).toBe(300_000)
      expect((await app.inject({ url: '/healthz/live' })).statusCode).toBe(200)
      status.current = { state: 'failed', lastError: { code: 'Unauthorized', at: new Date(Date.now() - 5 * 60_000 - 1) } }
      expect((await app.inject({ url: '/healthz/live' })).statusCode).toBe(503)
    } finally {
      await app.close()
      await runtime.close()
    }
  })
})
