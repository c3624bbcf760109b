import { context, trace } from '@opentelemetry/api'
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { SimulatedSmsProvider } from '@sms-notification/adapters-providers/simulated'
import { createInMemoryPersistence } from '@sms-notification/core/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTracing, traceHandler, traceProvider, traceRepository } from './tracing.js'

const exporter = new InMemorySpanExporter()
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })

describe('tracing', () => {
  beforeAll(() => {
    provider.register()
  })
  afterAll(async () => {
    await provider.shutdown()
    trace.disable()
    context.disable()
  })
  beforeEach(() => exporter.reset())

  it('is off without a connection string', async () => {
    const stop = await startTracing(undefined)
    await stop()
    expect(exporter.getFinishedSpans()).toHaveLength(0)
  })

  it('puts provider and database spans under the receive span, continuing the message trace', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c'
    const simulated = traceProvider(new SimulatedSmsProvider())
    const consents = traceRepository('consents', createInMemoryPersistence().consents, 'memory')
    const handler = traceHandler(async () => {
      await consents.get(7, '+14155550100')
      await simulated.send({
        to: '+14155550100',
        body: 'hi',
        sender: async () => ({ kind: 'sender', sender: { venuePhoneNumberId: 1, phoneNumber: '+12065550100' } }),
      })
      return { action: 'ack', result: 'sent' }
    })
    const outcome = await handler({
      messageType: 'SendOrderConfirmationSms',
      body: {},
      attempt: 1,
      correlationId: 'c-1',
      traceparent: `00-${traceId}-b7ad6b7169203331-01`,
    })
    expect(outcome.action).toBe('ack')
    const spans = exporter.getFinishedSpans()
    const receive = spans.find((s) => s.name === 'receive SendOrderConfirmationSms')!
    expect(receive.spanContext().traceId).toBe(traceId)
    expect(receive.attributes).toMatchObject({ 'messaging.message.attempt': 1, 'sms.outcome': 'ack' })
    const db = spans.find((s) => s.name === 'db consents.get')!
    const send = spans.find((s) => s.name === 'simulated send')!
    for (const child of [db, send]) {
      expect(child.spanContext().traceId).toBe(traceId)
      expect(child.parentSpanContext?.spanId).toBe(receive.spanContext().spanId)
    }
    expect(db.attributes['db.system']).toBe('memory')
  })

  it('records a thrown error on the span and rethrows it', async () => {
    const failing = traceRepository('history', { query: async () => Promise.reject(new Error('boom')) }, 'postgres')
    await expect(failing.query()).rejects.toThrow('boom')
    const [span] = exporter.getFinishedSpans()
    expect(span?.status.code).toBe(2)
    expect(span?.events.some((e) => e.name === 'exception')).toBe(true)
  })
})
