import { readFileSync } from 'node:fs'
import { ServiceBusClient } from '@azure/service-bus'
// Through the package's own name, as other packages import it: fails if `./testing` stops exporting the broker.
import { AmqpTestBroker } from '@sms-notification/adapters-servicebus/testing'
import { describe, expect, it } from 'vitest'

interface Manifest {
  exports: Record<string, { source: string; default: string }>
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
  devDependencies: Record<string, string>
}

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Manifest

describe('the ./testing entry', () => {
  it('exports the AMQP test broker, which the real SDK can send to', async () => {
    const broker = await AmqpTestBroker.start({ queues: ['entry-check'] })
    const client = new ServiceBusClient(broker.connectionString())
    try {
      const sender = client.createSender('entry-check')
      await sender.sendMessages({ body: { ok: true }, messageId: 'entry-1', subject: 'Check' })
      await sender.close()
      expect(broker.active('entry-check')).toMatchObject([{ messageId: 'entry-1', subject: 'Check' }])
    } finally {
      await client.close()
      await broker.close()
    }
  })

  it('is built from testing/ and declares rhea as an optional peer, pinned like the dev copy', () => {
    expect(manifest.exports['./testing']).toMatchObject({ source: './testing/index.ts', default: './dist/testing/index.js' })
    expect(manifest.peerDependencies['rhea']).toBe('3.0.5')
    expect(manifest.peerDependenciesMeta['rhea']).toEqual({ optional: true })
    expect(manifest.devDependencies['rhea']).toBe('3.0.5')
  })
})
