import { describe, expect, it } from 'vitest'
import { decodeInboundMessage } from './decode-inbound-message.js'

const types = new Set(['SendOrderConfirmationSms'])
const base = { subject: 'SendOrderConfirmationSms', previousDeliveries: 0 }

describe('decodeInboundMessage', () => {
  it('parses object, JSON string and JSON bytes bodies alike', () => {
    for (const body of [{ a: 1 }, '{"a":1}', Buffer.from('{"a":1}'), new TextEncoder().encode('{"a":1}')]) {
      expect(decodeInboundMessage({ ...base, body }, types)).toMatchObject({ kind: 'decoded', message: { body: { a: 1 } } })
    }
  })

  it('takes the type from the subject first, then the messageType property', () => {
    const fromProperty = decodeInboundMessage(
      { body: {}, previousDeliveries: 0, applicationProperties: { messageType: 'SendOrderConfirmationSms' } },
      types,
    )
    expect(fromProperty).toMatchObject({ kind: 'decoded', message: { messageType: 'SendOrderConfirmationSms' } })
    const both = decodeInboundMessage({ ...base, body: {}, applicationProperties: { messageType: 'Other' } }, types)
    expect(both).toMatchObject({ kind: 'decoded', message: { messageType: 'SendOrderConfirmationSms' } })
  })

  it('rejects unknown and missing types, naming the problem', () => {
    const unknown = decodeInboundMessage({ ...base, subject: 'Other', body: {} }, types)
    expect(unknown).toMatchObject({ kind: 'rejected', reason: 'UnknownMessageType' })
    expect(unknown.kind === 'rejected' && unknown.description).toContain("'Other'")
    expect(decodeInboundMessage({ body: {}, previousDeliveries: 0 }, types)).toMatchObject({
      kind: 'rejected',
      reason: 'UnknownMessageType',
    })
  })

  it('rejects bodies that are not JSON without quoting them', () => {
    for (const body of ['call +14155550100', Buffer.from('{"a":'), undefined, null, 42]) {
      const result = decodeInboundMessage({ ...base, body }, types)
      expect(result).toMatchObject({ kind: 'rejected', reason: 'UnparseableBody' })
      expect(JSON.stringify(result)).not.toContain('4155550100')
    }
  })

  it('counts the attempt from the carried attempt plus earlier deliveries of this copy', () => {
    const first = decodeInboundMessage({ ...base, body: {} }, types)
    expect(first.kind === 'decoded' && first.message.attempt).toBe(1)
    const copy = decodeInboundMessage({ ...base, body: {}, previousDeliveries: 2, applicationProperties: { retryAttempt: 3 } }, types)
    expect(copy.kind === 'decoded' && copy.message.attempt).toBe(5)
    const junk = decodeInboundMessage({ ...base, body: {}, applicationProperties: { retryAttempt: 'x' } }, types)
    expect(junk.kind === 'decoded' && junk.message.attempt).toBe(1)
  })

  it('takes the correlation id from correlationId, else messageId, and the trace context from traceparent or Diagnostic-Id', () => {
    const a = decodeInboundMessage(
      { ...base, body: {}, correlationId: 'c', messageId: 'm', applicationProperties: { traceparent: 't1' } },
      types,
    )
    expect(a).toMatchObject({ message: { correlationId: 'c', traceparent: 't1' } })
    const b = decodeInboundMessage({ ...base, body: {}, messageId: 'm', applicationProperties: { 'Diagnostic-Id': 't2' } }, types)
    expect(b).toMatchObject({ message: { correlationId: 'm', traceparent: 't2' } })
    const c = decodeInboundMessage({ ...base, body: {} }, types)
    expect(c.kind === 'decoded' && 'correlationId' in c.message).toBe(false)
  })
})
