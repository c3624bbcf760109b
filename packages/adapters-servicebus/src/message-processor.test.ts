import { MetricNames, silentLogger } from '@sms-notification/core'
import { RecordingLogger, RecordingMetrics } from '@sms-notification/core/testing'
import { describe, expect, it } from 'vitest'
import { MessageProcessor, type MessageSettler } from './message-processor.js'

function recordingSettler() {
  const calls: unknown[][] = []
  const settler: MessageSettler = {
    complete: async () => void calls.push(['complete']),
    deadLetter: async (reason, description) => void calls.push(['deadLetter', reason, description]),
    retryLater: async (plan, delayMs) =>
      void calls.push(plan.countsAsAttempt ? ['retryLater', plan.attempt, delayMs] : ['wait', plan.attempt, delayMs]),
  }
  return { calls, settler }
}

const message = { subject: 'T', body: { a: 1 }, previousDeliveries: 0, messageId: 'm-1' }

function processor(
  handler: ConstructorParameters<typeof MessageProcessor>[0]['handler'],
  metrics = new RecordingMetrics(),
  logger = silentLogger,
) {
  return new MessageProcessor({
    handler,
    messageTypes: ['T'],
    maxAttempts: 3,
    defectRetryDelayMs: (attempt) => attempt * 1_000,
    logger,
    metrics,
  })
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

describe('MessageProcessor', () => {
  it('maps each outcome to its settlement', async () => {
    const cases = [
      [{ action: 'ack', result: 'sent' }, ['complete']],
      [{ action: 'dead-letter', reason: 'InvalidEvent', description: 'bad' }, ['deadLetter', 'InvalidEvent', 'bad']],
      [{ action: 'retry', delayMs: 1234.4, reason: 'busy' }, ['retryLater', 2, 1234]],
      [{ action: 'retry', delayMs: Number.NaN, reason: 'busy' }, ['retryLater', 2, 1_000]],
      [{ action: 'retry', delayMs: 700, reason: 'sender_paced', countsAsAttempt: false }, ['wait', 1, 700]],
    ] as const
    for (const [outcome, expected] of cases) {
      const { calls, settler } = recordingSettler()
      await processor(async () => outcome).process(message, settler, 'test')
      expect(calls).toEqual([expected])
    }
  })

  it('dead-letters a retry at maxAttempts as RetriesExhausted, counting it once', async () => {
    const metrics = new RecordingMetrics()
    const { calls, settler } = recordingSettler()
    await processor(async () => ({ action: 'retry', delayMs: 10, reason: 'provider 503' }), metrics).process(
      { ...message, previousDeliveries: 2 },
      settler,
      'test',
    )
    expect(calls).toEqual([['deadLetter', 'RetriesExhausted', 'gave up after 3 attempts; last error: provider 503']])
    expect(metrics.count(MetricNames.deadLettered, { reason: 'RetriesExhausted' })).toBe(1)
  })

  it('brings a waiting message back with the same attempt, and never exhausts it, even at maxAttempts', async () => {
    const metrics = new RecordingMetrics()
    const { calls, settler } = recordingSettler()
    const wait = processor(async () => ({ action: 'retry', delayMs: 1_500, reason: 'sender_paced', countsAsAttempt: false }), metrics)
    for (const previousDeliveries of [2, 5]) await wait.process({ ...message, previousDeliveries }, settler, 'test')
    expect(calls).toEqual([
      ['wait', 3, 1_500],
      ['wait', 6, 1_500],
    ])
    expect(metrics.count(MetricNames.deadLettered)).toBe(0)
  })

  it('does not count what the handler already counted', async () => {
    const metrics = new RecordingMetrics()
    await processor(async () => ({ action: 'dead-letter', reason: 'InvalidEvent', description: 'x' }), metrics).process(
      message,
      recordingSettler().settler,
      't',
    )
    await processor(async () => ({ action: 'retry', delayMs: 1, reason: 'x' }), metrics).process(message, recordingSettler().settler, 't')
    expect(metrics.count(MetricNames.deadLettered)).toBe(0)
    expect(metrics.count(MetricNames.retried)).toBe(0)
  })

  it('treats a throw or a malformed outcome as a defect retried with backoff', async () => {
    for (const handler of [async () => Promise.reject(new Error('x')), async () => ({ nope: true }) as never]) {
      const metrics = new RecordingMetrics()
      const { calls, settler } = recordingSettler()
      await processor(handler, metrics).process(message, settler, 'test')
      expect(calls).toEqual([['retryLater', 2, 1_000]])
      expect(metrics.count(MetricNames.retried, { reason: 'handler_defect' })).toBe(1)
    }
  })

  it('never throws when settling fails', async () => {
    const settler: MessageSettler = {
      complete: async () => Promise.reject(Object.assign(new Error('gone'), { code: 'MessageLockLost' })),
      deadLetter: async () => {},
      retryLater: async () => {},
    }
    const metrics = new RecordingMetrics()
    await expect(
      processor(async () => ({ action: 'ack', result: 'sent' }), metrics).process(message, settler, 'test'),
    ).resolves.toBeUndefined()
    expect(metrics.count('sms.consumer.settle_failed.total', { operation: 'complete' })).toBe(1)
  })

  describe('log lines', () => {
    const traced = { ...message, correlationId: 'corr-1', applicationProperties: { traceparent: TRACEPARENT } }
    const failingSettler: MessageSettler = {
      complete: async () => Promise.reject(Object.assign(new Error('gone'), { code: 'MessageLockLost' })),
      deadLetter: async () => Promise.reject(Object.assign(new Error('gone'), { code: 'MessageLockLost' })),
      retryLater: async (_plan, _delayMs, log) => {
        log.warn({ code: 'ServiceBusy' }, 'scheduling the retry failed; abandoning for an immediate redelivery')
      },
    }

    it('carry the correlation id and the traceparent on every line of a message, whatever its outcome', async () => {
      const outcomes: Array<() => Promise<unknown>> = [
        async () => ({ action: 'ack', result: 'sent' }),
        async () => ({ action: 'dead-letter', reason: 'InvalidEvent', description: 'bad' }),
        async () => ({ action: 'retry', delayMs: 10, reason: 'provider 503' }),
        async () => Promise.reject(new Error('defect')),
      ]
      const logger = new RecordingLogger()
      for (const handler of outcomes) {
        await processor(handler as never, new RecordingMetrics(), logger).process(traced, failingSettler, 'subscription')
      }
      // At the last attempt a retry becomes RetriesExhausted; a message that cannot be decoded is still traced.
      await processor(async () => ({ action: 'retry', delayMs: 10, reason: 'x' }), new RecordingMetrics(), logger).process(
        { ...traced, previousDeliveries: 2 },
        failingSettler,
        'subscription',
      )
      await processor(async () => ({ action: 'ack', result: 'sent' }), new RecordingMetrics(), logger).process(
        { ...traced, subject: 'Unknown' },
        failingSettler,
        'subscription',
      )

      const messages = logger.lines.map((l) => l.message)
      for (const expected of [
        'message handled',
        'handler dead-lettered the message',
        'retrying the message later',
        'scheduling the retry failed; abandoning for an immediate redelivery',
        'message handler threw',
        'retries exhausted; dead-lettering the message',
        'message cannot be handled; dead-lettering it',
        'settling the message failed; it will be redelivered',
      ]) {
        expect(messages).toContain(expected)
      }
      for (const line of logger.lines) {
        expect(line.fields, line.message).toMatchObject({
          correlationId: 'corr-1',
          traceparent: TRACEPARENT,
          messageId: 'm-1',
          source: 'subscription',
        })
      }
    })

    it('take the trace context from Diagnostic-Id when traceparent is absent, and leave it out when there is none', async () => {
      const logger = new RecordingLogger()
      const ack = async () => ({ action: 'ack', result: 'sent' }) as const
      await processor(ack, new RecordingMetrics(), logger).process(
        { ...message, applicationProperties: { 'Diagnostic-Id': TRACEPARENT } },
        recordingSettler().settler,
        't',
      )
      await processor(ack, new RecordingMetrics(), logger).process(message, recordingSettler().settler, 't')
      const [diagnostic, plain] = logger.lines
      expect(diagnostic?.fields).toMatchObject({ correlationId: 'm-1', traceparent: TRACEPARENT })
      expect(plain?.fields).toMatchObject({ correlationId: 'm-1' })
      expect(plain?.fields).not.toHaveProperty('traceparent')
    })
  })
})
