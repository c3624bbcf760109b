import type { HandleOutcome, InboundMessage, MessageHandler } from '@sms-notification/core'
import { afterEach, describe, expect, it } from 'vitest'
import type { MessageConsumer } from '../src/message-consumer.js'

/** A message as the contract sends it: the body as an object, a JSON string or JSON bytes. */
export interface ContractMessage {
  messageId: string
  body: unknown
  subject?: string
  applicationProperties?: Record<string, string | number | boolean>
  correlationId?: string
}

/** A settlement as the transport itself recorded it (the broker side, not the consumer's word). */
export interface ContractSettlement {
  messageId: string
  outcome: 'completed' | 'dead-lettered' | 'abandoned'
  reason?: string
  description?: string
}

export interface ConsumerContractSettings {
  handler: MessageHandler
  messageTypes: readonly string[]
  maxAttempts: number
  maxConcurrentCalls: number
  defectRetryDelayMs: (attempt: number) => number
}

export interface ConsumerContractTransport {
  /** Built with the given settings over an empty transport; the suite starts and stops it. */
  consumer: MessageConsumer
  send(message: ContractMessage): Promise<void>
  settlements(): Promise<ContractSettlement[]>
  /** Messages receivable now (not locked, not scheduled). */
  waiting(): Promise<number>
  close(): Promise<void>
}

export interface ConsumerContractOptions {
  /** Shown in the describe title. */
  name: string
  setup(settings: ConsumerContractSettings): Promise<ConsumerContractTransport>
  /** When set, the suite is registered as skipped with this reason in its title. */
  skipReason?: string | null
}

const TYPE = 'SendOrderConfirmationSms'

interface Call {
  message: InboundMessage
  at: number
}

/**
 * The behaviour every `MessageConsumer` owes the core: decoding, the outcome → settlement mapping, delayed
 * retries with an attempt count, dead-lettering and graceful shutdown. Each transport runs it with one call.
 */
export function describeMessageConsumerContract(options: ConsumerContractOptions): void {
  const title = `MessageConsumer contract: ${options.name}`
  if (options.skipReason) {
    describe.skip(`${title} (skipped: ${options.skipReason})`, () => {
      it('is skipped', () => {})
    })
    return
  }

  describe(title, () => {
    let transport: ConsumerContractTransport | undefined
    let release: (() => void) | undefined

    afterEach(async () => {
      release?.()
      release = undefined
      await transport?.consumer.stop(1_000)
      await transport?.close()
      transport = undefined
    })

    async function start(
      outcome: (message: InboundMessage, calls: Call[]) => Promise<HandleOutcome> | HandleOutcome,
      settings: Partial<Omit<ConsumerContractSettings, 'handler'>> = {},
    ): Promise<{ transport: ConsumerContractTransport; calls: Call[] }> {
      const calls: Call[] = []
      transport = await options.setup({
        messageTypes: [TYPE],
        maxAttempts: 5,
        maxConcurrentCalls: 2,
        defectRetryDelayMs: () => 100,
        ...settings,
        handler: async (message) => {
          calls.push({ message, at: Date.now() })
          return outcome(message, calls)
        },
      })
      await transport.consumer.start()
      return { transport, calls }
    }

    const ack = (): HandleOutcome => ({ action: 'ack', result: 'sent' })

    it('hands JSON object, JSON string and JSON bytes bodies to the handler, parsed', async () => {
      const { transport, calls } = await start(ack)
      await transport.send({ messageId: 'body-object', subject: TYPE, body: { orderId: 'o-1' } })
      await transport.send({ messageId: 'body-string', subject: TYPE, body: JSON.stringify({ orderId: 'o-2' }) })
      await transport.send({ messageId: 'body-bytes', subject: TYPE, body: new TextEncoder().encode(JSON.stringify({ orderId: 'o-3' })) })
      await waitFor(() => calls.length === 3, 'three handler calls')
      expect(calls.map((c) => c.message.body).sort(byOrderId)).toEqual([{ orderId: 'o-1' }, { orderId: 'o-2' }, { orderId: 'o-3' }])
      expect(calls.every((c) => c.message.messageType === TYPE && c.message.attempt === 1)).toBe(true)
      await waitForSettlements(transport, ['body-object', 'body-string', 'body-bytes'])
      const settled = await transport.settlements()
      expect(
        settled
          .filter((s) => s.outcome === 'completed')
          .map((s) => s.messageId)
          .sort(),
      ).toEqual(['body-bytes', 'body-object', 'body-string'])
    })

    it('reads the message type from the messageType application property when the subject is empty', async () => {
      const { transport, calls } = await start(ack)
      await transport.send({ messageId: 'type-prop', body: { orderId: 'o-1' }, applicationProperties: { messageType: TYPE } })
      await waitFor(() => calls.length === 1, 'the handler call')
      expect(calls[0]?.message.messageType).toBe(TYPE)
      await waitForSettlements(transport, ['type-prop'])
      expect(await settlementOf(transport, 'type-prop')).toMatchObject({ outcome: 'completed' })
    })

    it('dead-letters an unknown message type at once, never calling the handler or retrying', async () => {
      const { transport, calls } = await start(ack)
      await transport.send({ messageId: 'unknown-type', subject: 'SendBirthdayCake', body: { orderId: 'o-1' } })
      await waitForSettlements(transport, ['unknown-type'])
      await sleep(300)
      const settled = (await transport.settlements()).filter((s) => s.messageId === 'unknown-type')
      expect(settled).toHaveLength(1)
      expect(settled[0]).toMatchObject({ outcome: 'dead-lettered', reason: 'UnknownMessageType' })
      expect(settled[0]?.description).toContain('SendBirthdayCake')
      expect(calls).toHaveLength(0)
    })

    it('dead-letters a message that has no type', async () => {
      const { transport, calls } = await start(ack)
      await transport.send({ messageId: 'no-type', body: { orderId: 'o-1' } })
      await waitForSettlements(transport, ['no-type'])
      const settled = await settlementOf(transport, 'no-type')
      expect(settled).toMatchObject({ outcome: 'dead-lettered', reason: 'UnknownMessageType' })
      expect(settled?.description).toMatch(/subject|messageType/)
      expect(calls).toHaveLength(0)
    })

    it('dead-letters an unparseable string or bytes body at once, never calling the handler', async () => {
      const { transport, calls } = await start(ack)
      await transport.send({ messageId: 'bad-string', subject: TYPE, body: 'order for +14155550100 {' })
      await transport.send({ messageId: 'bad-bytes', subject: TYPE, body: new TextEncoder().encode('{"orderId": ') })
      await waitForSettlements(transport, ['bad-string', 'bad-bytes'])
      await sleep(300)
      const settled = (await transport.settlements()).filter((s) => s.messageId.startsWith('bad-'))
      expect(settled).toHaveLength(2)
      for (const s of settled) {
        expect(s).toMatchObject({ outcome: 'dead-lettered', reason: 'UnparseableBody' })
        expect(s.description).toMatch(/JSON/)
        // The description names the problem without repeating the body (which may hold a phone number).
        expect(s.description).not.toContain('4155550100')
      }
      expect(calls).toHaveLength(0)
    })

    it('completes a message the handler acknowledged', async () => {
      const { transport, calls } = await start(ack)
      await transport.send({ messageId: 'acked', subject: TYPE, body: { orderId: 'o-1' } })
      await waitForSettlements(transport, ['acked'])
      await sleep(300)
      expect((await transport.settlements()).filter((s) => s.messageId === 'acked')).toEqual([{ messageId: 'acked', outcome: 'completed' }])
      expect(calls).toHaveLength(1)
    })

    it('dead-letters with the reason and description the handler gave', async () => {
      const { transport, calls } = await start(() => ({
        action: 'dead-letter',
        reason: 'InvalidEvent',
        description: 'VenueId: expected a positive integer',
      }))
      await transport.send({ messageId: 'invalid', subject: TYPE, body: { orderId: 'o-1', VenueId: 'x' } })
      await waitForSettlements(transport, ['invalid'])
      expect(await settlementOf(transport, 'invalid')).toMatchObject({
        outcome: 'dead-lettered',
        reason: 'InvalidEvent',
        description: 'VenueId: expected a positive integer',
      })
      expect(calls).toHaveLength(1)
    })

    it('redelivers a retried message after about delayMs with the attempt incremented and the correlation kept', async () => {
      const { transport, calls } = await start((message) =>
        message.attempt === 1 ? { action: 'retry', delayMs: 500, reason: 'provider timeout' } : ack(),
      )
      await transport.send({ messageId: 'retried', subject: TYPE, body: { orderId: 'o-1' } })
      await waitFor(() => calls.length === 2, 'the redelivery')
      const [first, second] = calls as [Call, Call]
      expect(first.message.attempt).toBe(1)
      expect(second.message.attempt).toBe(2)
      expect(second.at - first.at).toBeGreaterThanOrEqual(400)
      expect(second.message.body).toEqual({ orderId: 'o-1' })
      expect(second.message.correlationId).toBe('retried')
      // The original is completed once its copy is scheduled; nothing is abandoned.
      expect(await settlementOf(transport, 'retried')).toMatchObject({ outcome: 'completed' })
      await waitFor(async () => (await transport.settlements()).filter((s) => s.outcome === 'completed').length === 2, 'the copy completed')
      expect((await transport.settlements()).some((s) => s.outcome !== 'completed')).toBe(false)
      await sleep(300)
      expect(calls).toHaveLength(2)
    })

    it(`dead-letters as RetriesExhausted with the last error after maxAttempts`, async () => {
      const { transport, calls } = await start(
        (message) => ({ action: 'retry', delayMs: 100, reason: `provider 503 on try ${message.attempt}` }),
        {
          maxAttempts: 3,
        },
      )
      await transport.send({ messageId: 'exhausted', subject: TYPE, body: { orderId: 'o-1' } })
      await waitFor(async () => (await transport.settlements()).some((s) => s.outcome === 'dead-lettered'), 'the dead letter')
      await sleep(300)
      expect(calls.map((c) => c.message.attempt)).toEqual([1, 2, 3])
      const dead = (await transport.settlements()).filter((s) => s.outcome === 'dead-lettered')
      expect(dead).toHaveLength(1)
      expect(dead[0]?.reason).toBe('RetriesExhausted')
      expect(dead[0]?.description).toContain('provider 503 on try 3')
    })

    it('brings a waiting message (countsAsAttempt: false) back with the same attempt, however often, and never exhausts it', async () => {
      const waits = 5
      const { transport, calls } = await start(
        (_message, calls): HandleOutcome =>
          calls.length <= waits ? { action: 'retry', delayMs: 100, reason: 'sender_paced', countsAsAttempt: false } : ack(),
        { maxAttempts: 3 },
      )
      await transport.send({ messageId: 'waiting', subject: TYPE, correlationId: 'corr-wait', body: { orderId: 'o-1' } })
      await waitFor(() => calls.length === waits + 1, 'the waits and the final handling', 15_000)
      expect(calls.map((c) => c.message.attempt)).toEqual(Array.from({ length: waits + 1 }, () => 1))
      expect(calls.every((c) => c.message.correlationId === 'corr-wait')).toBe(true)
      for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(80)
      await waitFor(
        async () => (await transport.settlements()).filter((s) => s.outcome === 'completed').length === waits + 1,
        'every copy completed',
      )
      await sleep(300)
      const settled = await transport.settlements()
      expect(settled.filter((s) => s.outcome !== 'completed')).toEqual([])
      // Each waiting copy has an id of its own: a retry queue's duplicate detection would drop a reused one.
      expect(new Set(settled.map((s) => s.messageId)).size).toBe(waits + 1)
      expect(calls).toHaveLength(waits + 1)
    })

    it('retries a message whose handler threw, with backoff, instead of losing it', async () => {
      const { transport, calls } = await start((message) => {
        if (message.attempt === 1) throw new Error('database exploded for +14155550100')
        return ack()
      })
      await transport.send({ messageId: 'defect', subject: TYPE, body: { orderId: 'o-1' } })
      await waitFor(() => calls.length === 2, 'the retry after the throw')
      expect(calls[1]?.message.attempt).toBe(2)
      await waitFor(async () => (await transport.settlements()).filter((s) => s.outcome === 'completed').length === 2, 'both completed')
      expect((await transport.settlements()).some((s) => s.outcome === 'dead-lettered')).toBe(false)
    })

    it('hands the correlation id and the trace context to the handler', async () => {
      const { transport, calls } = await start(ack)
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
      await transport.send({
        messageId: 'with-correlation',
        subject: TYPE,
        correlationId: 'corr-1',
        body: { n: 1 },
        applicationProperties: { traceparent },
      })
      await transport.send({
        messageId: 'with-diagnostic-id',
        subject: TYPE,
        body: { n: 2 },
        applicationProperties: { 'Diagnostic-Id': traceparent },
      })
      await waitFor(() => calls.length === 2, 'both handler calls')
      const byN = (n: number): InboundMessage | undefined => calls.find((c) => (c.message.body as { n: number }).n === n)?.message
      expect(byN(1)).toMatchObject({ correlationId: 'corr-1', traceparent })
      expect(byN(2)).toMatchObject({ correlationId: 'with-diagnostic-id', traceparent })
    })

    it('stops gracefully: in-flight messages finish and settle, nothing new is received', async () => {
      const { gate, open } = heldGate()
      release = open
      const { transport, calls } = await start(async () => {
        await gate
        return ack()
      })
      await transport.send({ messageId: 'in-flight-1', subject: TYPE, body: { n: 1 } })
      await transport.send({ messageId: 'in-flight-2', subject: TYPE, body: { n: 2 } })
      await waitFor(() => transport.consumer.status().inFlight === 2, 'two messages in flight')
      const stopping = transport.consumer.stop(10_000)
      expect(transport.consumer.status().state).toBe('stopping')
      await sleep(100)
      await transport.send({ messageId: 'after-stop', subject: TYPE, body: { n: 3 } })
      await sleep(300)
      open()
      await stopping
      expect(transport.consumer.status()).toMatchObject({ state: 'stopped', inFlight: 0 })
      expect(calls).toHaveLength(2)
      const settled = await transport.settlements()
      expect(
        settled
          .filter((s) => s.outcome === 'completed')
          .map((s) => s.messageId)
          .sort(),
      ).toEqual(['in-flight-1', 'in-flight-2'])
      expect(settled.some((s) => s.messageId === 'after-stop')).toBe(false)
      expect(await transport.waiting()).toBeGreaterThanOrEqual(1)
    })

    it('honours the grace period when a handler does not finish', async () => {
      const { gate, open } = heldGate()
      release = open
      const { transport } = await start(async () => {
        await gate
        return ack()
      })
      await transport.send({ messageId: 'stuck', subject: TYPE, body: { n: 1 } })
      await waitFor(() => transport.consumer.status().inFlight === 1, 'the stuck message in flight')
      const started = Date.now()
      await transport.consumer.stop(400)
      const took = Date.now() - started
      expect(took).toBeGreaterThanOrEqual(350)
      expect(took).toBeLessThan(3_000)
      expect(transport.consumer.status().state).toBe('stopped')
    })

    it('reports running, the last message time and the in-flight count', async () => {
      const { gate, open } = heldGate()
      release = open
      const { transport } = await start(async () => {
        await gate
        return ack()
      })
      expect(transport.consumer.status()).toMatchObject({ state: 'running', inFlight: 0 })
      expect(transport.consumer.status().lastMessageAt).toBeUndefined()
      await transport.send({ messageId: 'status', subject: TYPE, body: { n: 1 } })
      await waitFor(() => transport.consumer.status().inFlight === 1, 'one message in flight')
      expect(transport.consumer.status().lastMessageAt).toBeInstanceOf(Date)
      open()
      await waitFor(() => transport.consumer.status().inFlight === 0, 'the message settled')
    })
  })
}

/** A promise the test opens by hand: handlers wait on it to stay in flight. */
function heldGate(): { gate: Promise<void>; open: () => void } {
  let open!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  return { gate, open }
}

function byOrderId(a: unknown, b: unknown): number {
  return String((a as { orderId: string }).orderId).localeCompare(String((b as { orderId: string }).orderId))
}

async function settlementOf(transport: ConsumerContractTransport, messageId: string): Promise<ContractSettlement | undefined> {
  return (await transport.settlements()).find((s) => s.messageId === messageId)
}

async function waitForSettlements(transport: ConsumerContractTransport, messageIds: string[]): Promise<void> {
  await waitFor(
    async () => {
      const settled = new Set((await transport.settlements()).map((s) => s.messageId))
      return messageIds.every((id) => settled.has(id))
    },
    `settlement of ${messageIds.join(', ')}`,
  )
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return
    await sleep(20)
  }
  throw new Error(`timed out waiting for ${what}`)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
