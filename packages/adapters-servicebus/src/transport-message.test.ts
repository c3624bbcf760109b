import { describe, expect, it } from 'vitest'
import { retryCopyFields, type RetryCopyPlan } from './transport-message.js'

const counted = (attempt: number): RetryCopyPlan => ({ attempt, countsAsAttempt: true })
const waiting = (attempt: number): RetryCopyPlan => ({ attempt, countsAsAttempt: false })

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

describe('retryCopyFields', () => {
  it('gives the same copy the same id, so a copy scheduled twice is a duplicate', () => {
    const original = { messageId: 'order-1', applicationProperties: {} }
    expect(retryCopyFields(original, counted(2)).messageId).toBe('order-1:retry:2')
    expect(retryCopyFields(original, counted(2)).messageId).toBe(retryCopyFields(original, counted(2)).messageId)
  })

  it('numbers the copies of one run after the first message id', () => {
    const first = retryCopyFields({ messageId: 'order-1', applicationProperties: {} }, counted(2))
    const second = retryCopyFields(first, counted(3))
    expect(second).toMatchObject({ messageId: 'order-1:retry:3', applicationProperties: { retryAttempt: 3, originalMessageId: 'order-1' } })
  })

  it('gives the copies of a replayed dead letter ids of their own, so duplicate detection keeps them', () => {
    const firstRun = retryCopyFields({ messageId: 'order-1', applicationProperties: {} }, counted(2))
    // What ServiceBusDeadLetters.replay sends: a new id, the attempt dropped, originalMessageId kept.
    const replayed = { messageId: 'order-1:retry:2:replay:57', applicationProperties: { originalMessageId: 'order-1' } }
    const secondRun = retryCopyFields(replayed, counted(2))
    expect(secondRun.messageId).toBe('order-1:retry:2:replay:57:retry:2')
    expect(secondRun.messageId).not.toBe(firstRun.messageId)
    expect(retryCopyFields(secondRun, counted(3)).messageId).toBe('order-1:retry:2:replay:57:retry:3')
    expect(secondRun.applicationProperties).toMatchObject({ originalMessageId: 'order-1' })
  })

  it('keeps a long id within Service Bus limits, deterministically', () => {
    const long = 'x'.repeat(120)
    const first = retryCopyFields({ messageId: long, applicationProperties: {} }, counted(2))
    expect(first.messageId).toMatch(/^[0-9a-f]{40}:retry:2$/)
    expect(retryCopyFields(first, counted(3)).messageId).toBe(first.messageId.replace(':retry:2', ':retry:3'))
    expect(retryCopyFields({ messageId: long, applicationProperties: {} }, counted(2)).messageId).toBe(first.messageId)
  })

  it('keeps the trace context and the correlation id of the message it copies', () => {
    const copy = retryCopyFields(
      { messageId: 'order-1', correlationId: 'corr-1', applicationProperties: { traceparent: TRACEPARENT, 'Diagnostic-Id': TRACEPARENT } },
      counted(2),
    )
    expect(copy).toMatchObject({
      correlationId: 'corr-1',
      applicationProperties: { traceparent: TRACEPARENT, 'Diagnostic-Id': TRACEPARENT },
    })
    expect(retryCopyFields({ messageId: 'order-2', applicationProperties: {} }, counted(2)).correlationId).toBe('order-2')
  })

  it('gives every wait of one attempt an id of its own, so duplicate detection never drops a waiting copy', () => {
    const first = retryCopyFields({ messageId: 'order-1', applicationProperties: {} }, waiting(1))
    const second = retryCopyFields(first, waiting(1))
    expect(first).toMatchObject({ messageId: 'order-1:retry:1:wait:1', applicationProperties: { retryAttempt: 1, retryWaits: 1 } })
    expect(second).toMatchObject({ messageId: 'order-1:retry:1:wait:2', applicationProperties: { retryAttempt: 1, retryWaits: 2 } })
    // The same wait scheduled twice (a crash before completing) is still one id.
    expect(retryCopyFields(first, waiting(1)).messageId).toBe(second.messageId)
    // A counted retry after waiting drops the wait count; the next attempt's waits start again at 1.
    const next = retryCopyFields(second, counted(2))
    expect(next.messageId).toBe('order-1:retry:2')
    expect(next.applicationProperties).not.toHaveProperty('retryWaits')
    expect(retryCopyFields(next, waiting(2)).messageId).toBe('order-1:retry:2:wait:1')
  })
})

describe('retry copy ids across a lost lock', () => {
  // A copy that schedules its successor and then loses its lock is delivered again with a higher delivery count,
  // so the processor plans a higher attempt; the successor's id must not change, or two chains would run.
  it('keeps the id of a wait when the copy is redelivered', () => {
    const copy = { messageId: 'order-1:retry:1:wait:1', applicationProperties: { retryAttempt: 1, retryWaits: 1 } }
    const first = retryCopyFields(copy, { attempt: 1, countsAsAttempt: false })
    const afterLockLoss = retryCopyFields(copy, { attempt: 2, countsAsAttempt: false })
    expect(first.messageId).toBe('order-1:retry:1:wait:2')
    expect(afterLockLoss.messageId).toBe(first.messageId)
  })

  it('keeps the id of a counted retry when the message is redelivered', () => {
    const original = { messageId: 'order-1', applicationProperties: {} }
    expect(retryCopyFields(original, { attempt: 2, countsAsAttempt: true }).messageId).toBe('order-1:retry:2')
    expect(retryCopyFields(original, { attempt: 3, countsAsAttempt: true }).messageId).toBe('order-1:retry:2')
    const copy = { messageId: 'order-1:retry:2', applicationProperties: { retryAttempt: 2 } }
    expect(retryCopyFields(copy, { attempt: 3, countsAsAttempt: true }).messageId).toBe('order-1:retry:3')
    expect(retryCopyFields(copy, { attempt: 4, countsAsAttempt: true }).messageId).toBe('order-1:retry:3')
  })
})
