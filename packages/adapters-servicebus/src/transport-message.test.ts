import { describe, expect, it } from 'vitest'
import { retryCopyFields } from './transport-message.js'

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

describe('retryCopyFields', () => {
  it('gives the same copy the same id, so a copy scheduled twice is a duplicate', () => {
    const original = { messageId: 'order-1', applicationProperties: {} }
    expect(retryCopyFields(original, 2).messageId).toBe('order-1:retry:2')
    expect(retryCopyFields(original, 2).messageId).toBe(retryCopyFields(original, 2).messageId)
  })

  it('numbers the copies of one run after the first message id', () => {
    const first = retryCopyFields({ messageId: 'order-1', applicationProperties: {} }, 2)
    const second = retryCopyFields(first, 3)
    expect(second).toMatchObject({ messageId: 'order-1:retry:3', applicationProperties: { retryAttempt: 3, originalMessageId: 'order-1' } })
  })

  it('gives the copies of a replayed dead letter ids of their own, so duplicate detection keeps them', () => {
    const firstRun = retryCopyFields({ messageId: 'order-1', applicationProperties: {} }, 2)
    // What ServiceBusDeadLetters.replay sends: a new id, the attempt dropped, originalMessageId kept.
    const replayed = { messageId: 'order-1:retry:2:replay:57', applicationProperties: { originalMessageId: 'order-1' } }
    const secondRun = retryCopyFields(replayed, 2)
    expect(secondRun.messageId).toBe('order-1:retry:2:replay:57:retry:2')
    expect(secondRun.messageId).not.toBe(firstRun.messageId)
    expect(retryCopyFields(secondRun, 3).messageId).toBe('order-1:retry:2:replay:57:retry:3')
    expect(secondRun.applicationProperties).toMatchObject({ originalMessageId: 'order-1' })
  })

  it('keeps a long id within Service Bus limits, deterministically', () => {
    const long = 'x'.repeat(120)
    const first = retryCopyFields({ messageId: long, applicationProperties: {} }, 2)
    expect(first.messageId).toMatch(/^[0-9a-f]{40}:retry:2$/)
    expect(retryCopyFields(first, 3).messageId).toBe(first.messageId.replace(':retry:2', ':retry:3'))
    expect(retryCopyFields({ messageId: long, applicationProperties: {} }, 2).messageId).toBe(first.messageId)
  })

  it('keeps the trace context and the correlation id of the message it copies', () => {
    const copy = retryCopyFields(
      { messageId: 'order-1', correlationId: 'corr-1', applicationProperties: { traceparent: TRACEPARENT, 'Diagnostic-Id': TRACEPARENT } },
      2,
    )
    expect(copy).toMatchObject({ correlationId: 'corr-1', applicationProperties: { traceparent: TRACEPARENT, 'Diagnostic-Id': TRACEPARENT } })
    expect(retryCopyFields({ messageId: 'order-2', applicationProperties: {} }, 2).correlationId).toBe('order-2')
  })
})
