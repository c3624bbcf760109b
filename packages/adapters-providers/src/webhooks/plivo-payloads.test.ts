import { describe, expect, it } from 'vitest'
import { parsePlivoDeliveryReport } from './plivo-delivery-report.js'
import { parsePlivoInbound } from './plivo-inbound.js'

const AT = new Date('2026-03-01T12:00:00.000Z')
const INBOUND = {
  MessageUUID: '0936ec98-7c4c-11e3-9a2b-000000000001',
  From: '14155550100',
  To: '447700900123',
  Text: 'STOP',
  Type: 'sms',
  Units: '1',
}

describe('parsePlivoInbound', () => {
  it('normalises bare-digit numbers to E.164', () => {
    expect(parsePlivoInbound(INBOUND, AT)).toEqual({
      kind: 'parsed',
      value: {
        provider: 'plivo',
        from: '+14155550100',
        to: '+447700900123',
        text: 'STOP',
        providerMessageId: INBOUND.MessageUUID,
        intent: 'opt_out',
        receivedAt: AT,
      },
    })
  })

  it("lets Plivo's MessageIntent win over the text", () => {
    const parsed = parsePlivoInbound({ ...INBOUND, Text: 'please no more', MessageIntent: 'optout' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value.intent).toBe('opt_out')
    const optIn = parsePlivoInbound({ ...INBOUND, Text: 'STOP', MessageIntent: 'optin' }, AT)
    expect(optIn.kind === 'parsed' && optIn.value.intent).toBe('opt_in')
  })

  it('falls back to the keyword classifier when MessageIntent is empty', () => {
    const parsed = parsePlivoInbound({ ...INBOUND, Text: 'resume', MessageIntent: '' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value.intent).toBe('opt_in')
  })

  it('reads the MMS Body when there is no Text', () => {
    const { Text: _text, ...mms } = INBOUND
    const parsed = parsePlivoInbound({ ...mms, Body: 'help' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value).toMatchObject({ text: 'help', intent: 'help' })
  })

  it('rejects a payload without message id or with numbers it cannot read', () => {
    expect(parsePlivoInbound({ ...INBOUND, MessageUUID: '' }, AT).kind).toBe('invalid')
    expect(parsePlivoInbound({ ...INBOUND, From: 'abc' }, AT).kind).toBe('invalid')
    expect(parsePlivoInbound({ ...INBOUND, To: '0123' }, AT).kind).toBe('invalid')
  })
})

describe('parsePlivoDeliveryReport', () => {
  const base = {
    MessageUUID: 'uuid-1',
    QueuedTime: '2026-03-01 11:59:58.123456',
    SentTime: '2026-03-01 11:59:59.500000',
    DeliveryReportTime: '2026-03-01 11:59:59.900000',
  }

  it.each([
    ['queued', 'queued', '2026-03-01T11:59:58.123Z'],
    ['sent', 'sent', '2026-03-01T11:59:59.500Z'],
    ['delivered', 'delivered', '2026-03-01T11:59:59.900Z'],
    ['undelivered', 'undelivered', '2026-03-01T11:59:59.900Z'],
    ['failed', 'failed', '2026-03-01T11:59:59.900Z'],
    ['rejected', 'failed', '2026-03-01T11:59:59.900Z'],
  ])('maps %s to %s, dated by the matching Plivo timestamp', (plivoStatus, status, occurredAt) => {
    const parsed = parsePlivoDeliveryReport({ ...base, Status: plivoStatus }, AT)
    expect(parsed).toEqual({
      kind: 'parsed',
      value: { provider: 'plivo', providerMessageId: 'uuid-1', status, errorCode: null, occurredAt: new Date(occurredAt) },
    })
  })

  it('normalises the digits-only sender (venue) and recipient numbers to E.164', () => {
    const parsed = parsePlivoDeliveryReport({ ...base, Status: 'failed', ErrorCode: '200', From: '14155550199', To: '447700900123' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value).toMatchObject({ from: '+14155550199', to: '+447700900123', recipientOptedOut: true })
    const unreadable = parsePlivoDeliveryReport({ ...base, Status: 'sent', From: 'VENUE', To: '12' }, AT)
    expect(unreadable.kind).toBe('parsed')
    if (unreadable.kind !== 'parsed') return
    expect(unreadable.value).not.toHaveProperty('from')
    expect(unreadable.value).not.toHaveProperty('to')
  })

  it('falls back to the receive time when Plivo sent no readable timestamp', () => {
    const parsed = parsePlivoDeliveryReport({ MessageUUID: 'uuid-1', Status: 'sent', SentTime: 'soon' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value.occurredAt).toEqual(AT)
  })

  it('surfaces ErrorCode 200 (STOP-blocked) as an opted-out recipient', () => {
    const parsed = parsePlivoDeliveryReport({ ...base, Status: 'failed', ErrorCode: '200' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value).toMatchObject({ errorCode: 'plivo:200', recipientOptedOut: true })
  })

  it('prefixes other error codes and treats an all-zero code as no error', () => {
    const failed = parsePlivoDeliveryReport({ ...base, Status: 'undelivered', ErrorCode: '50' }, AT)
    expect(failed.kind === 'parsed' && failed.value).toMatchObject({ errorCode: 'plivo:50' })
    expect(failed.kind === 'parsed' && failed.value.recipientOptedOut).toBeUndefined()
    const delivered = parsePlivoDeliveryReport({ ...base, Status: 'delivered', ErrorCode: '000' }, AT)
    expect(delivered.kind === 'parsed' && delivered.value.errorCode).toBeNull()
  })

  it('ignores unknown statuses and rejects callbacks missing the essentials', () => {
    expect(parsePlivoDeliveryReport({ ...base, Status: 'teleported' }, AT).kind).toBe('ignored')
    expect(parsePlivoDeliveryReport({ Status: 'sent' }, AT).kind).toBe('invalid')
    expect(parsePlivoDeliveryReport({ MessageUUID: 'uuid-1' }, AT).kind).toBe('invalid')
  })
})
