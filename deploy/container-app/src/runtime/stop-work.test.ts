import { silentLogger, type Logger } from '@sms-notification/core'
import { describe, expect, it } from 'vitest'
import { stopWorkInOrder } from './stop-work.js'
import type { DroppedMessages } from './transport.js'

function parts(events: string[], dropped?: DroppedMessages) {
  return {
    transport: {
      async stopConsumer(graceMs: number) {
        events.push(`consumer stopped (${graceMs})`)
      },
      async close() {
        events.push('transport closed')
        return dropped ? { dropped } : {}
      },
    },
    relay: {
      async stop() {
        // The relay finishes its round first: closing the publisher must wait for this.
        await new Promise((resolve) => setTimeout(resolve, 10))
        events.push('relay stopped')
      },
    },
  }
}

describe('stopWorkInOrder', () => {
  it('stops the consumer, then the relay, and closes the transport (the publisher) last', async () => {
    const events: string[] = []
    await stopWorkInOrder({ ...parts(events), graceMs: 250, logger: silentLogger })
    expect(events).toEqual(['consumer stopped (250)', 'relay stopped', 'transport closed'])
  })

  it('warns with the counts of messages the in-process queue dropped', async () => {
    const warnings: Array<Record<string, unknown>> = []
    const logger: Logger = { ...silentLogger, warn: (fields) => void warnings.push(fields), child: () => logger }
    await stopWorkInOrder({ ...parts([], { scheduled: 2, active: 1, locked: 0 }), graceMs: 0, logger })
    expect(warnings).toEqual([{ dropped: { scheduled: 2, active: 1, locked: 0 } }])
    await stopWorkInOrder({ ...parts([], { scheduled: 0, active: 0, locked: 0 }), graceMs: 0, logger })
    expect(warnings).toHaveLength(1)
  })
})
