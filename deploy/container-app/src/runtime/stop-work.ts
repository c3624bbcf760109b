import type { Logger } from '@sms-notification/core'
import type { Transport } from './transport.js'

export interface StopWorkParts {
  transport: Pick<Transport, 'stopConsumer' | 'close'>
  relay: { stop(): Promise<void> }
  graceMs: number
  logger: Logger
}

/**
 * The shutdown order of the message work: stop receiving (in-flight messages get `graceMs`), stop the outbox
 * relay (it finishes its round), and only then close the transport. Closing the publisher while a relay round
 * still runs would let that round reopen a Service Bus client nobody owns or closes.
 */
export async function stopWorkInOrder({ transport, relay, graceMs, logger }: StopWorkParts): Promise<void> {
  await transport.stopConsumer(graceMs)
  await relay.stop()
  const { dropped } = await transport.close()
  if (dropped && dropped.scheduled + dropped.active + dropped.locked > 0) {
    logger.warn({ dropped }, 'shutdown dropped messages held by the in-process queue (scheduled retries included)')
  }
}
