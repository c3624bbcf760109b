import { describe, expect, it } from 'vitest'
import { parseTwilioDeliveryReport } from './twilio-delivery-report.js'
import { parseTwilioInbound } from './twilio-inbound.js'

const AT = new Date('2026-03-01T12:00:00.000Z')
const INBOUND = {
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+14155550100',
  To: '+14155550199',
  Body: 'Stop',
  NumMedia: '0',
}

describe('parseTwilioInbound', () => {
  it('reads the sender, the venue number, the text and the message id', () => {
    expect(parseTwilioInbound(INBOUND, AT)).toEqual({
      kind: 'parsed',
      value: {
        provider: 'twilio',
        from: '+14155550100',
        to: '+14155550199',
        text: 'Stop',
        providerMessageId: INBOUND.MessageSid,
        intent: 'opt_out',
        receivedAt: AT,
      },
    })
  })

  it("lets Twilio's OptOutType win over the text", () => {
    const parsed = parseTwilioInbound({ ...INBOUND, Body: 'arrêtez svp', OptOutType: 'STOP' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value.intent).toBe('opt_out')
    const start = parseTwilioInbound({ ...INBOUND, Body: 'stop', OptOutType: 'START' }, AT)
    expect(start.kind === 'parsed' && start.value.intent).toBe('opt_in')
  })

  it.each([
    ['START', 'opt_in'],
    ['unstop', 'opt_in'],
    ['HELP', 'help'],
    ['where is my ticket?', 'other'],
    ['', 'other'],
  ])('classifies %j by keyword when Twilio sent no OptOutType', (body, intent) => {
    const parsed = parseTwilioInbound({ ...INBOUND, Body: body }, AT)
    expect(parsed.kind === 'parsed' && parsed.value.intent).toBe(intent)
  })

  it('rejects a payload without message id or with a non-number sender', () => {
    expect(parseTwilioInbound({ ...INBOUND, MessageSid: '' }, AT).kind).toBe('invalid')
    expect(parseTwilioInbound({ ...INBOUND, From: 'hello' }, AT).kind).toBe('invalid')
    expect(parseTwilioInbound({ ...INBOUND, To: '' }, AT).kind).toBe('invalid')
  })

  it('ignores other channels addressed with a prefix', () => {
    expect(parseTwilioInbound({ ...INBOUND, From: 'whatsapp:+14155550100' }, AT)).toEqual({
      kind: 'ignored',
      reason: 'not an SMS sender',
    })
  })
})

describe('parseTwilioDeliveryReport', () => {
  const base = { MessageSid: 'SMabc', From: '+14155550199', To: '+14155550100' }

  it.each([
    ['accepted', 'queued'],
    ['queued', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['undelivered', 'undelivered'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
  ])('maps %s to %s', (twilioStatus, status) => {
    const parsed = parseTwilioDeliveryReport({ ...base, MessageStatus: twilioStatus }, AT)
    expect(parsed).toEqual({
      kind: 'parsed',
      value: {
        provider: 'twilio',
        providerMessageId: 'SMabc',
        status,
        errorCode: null,
        occurredAt: AT,
        from: '+14155550199',
        to: '+14155550100',
      },
    })
  })

  it('carries the sender (venue) and recipient numbers, leaving out ones that are not phone numbers', () => {
    const parsed = parseTwilioDeliveryReport({ ...base, MessageStatus: 'failed', ErrorCode: '21610' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value).toMatchObject({ from: '+14155550199', to: '+14155550100', recipientOptedOut: true })
    const viaService = parseTwilioDeliveryReport(
      { MessageSid: 'SMabc', MessageStatus: 'sent', From: 'MG0123', To: 'whatsapp:+14155550100' },
      AT,
    )
    expect(viaService.kind).toBe('parsed')
    if (viaService.kind !== 'parsed') return
    expect(viaService.value).not.toHaveProperty('from')
    expect(viaService.value).not.toHaveProperty('to')
    const bare = parseTwilioDeliveryReport({ MessageSid: 'SMabc', MessageStatus: 'sent' }, AT)
    expect(bare.kind === 'parsed' && Object.keys(bare.value)).toEqual([
      'provider',
      'providerMessageId',
      'status',
      'errorCode',
      'occurredAt',
    ])
  })

  it('prefixes the error code with the provider', () => {
    const parsed = parseTwilioDeliveryReport({ ...base, MessageStatus: 'undelivered', ErrorCode: '30003' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value).toMatchObject({ errorCode: 'twilio:30003' })
    expect(parsed.kind === 'parsed' && parsed.value.recipientOptedOut).toBeUndefined()
  })

  it('flags an asynchronous 21610 as an opted-out recipient', () => {
    const parsed = parseTwilioDeliveryReport({ ...base, MessageStatus: 'failed', ErrorCode: '21610' }, AT)
    expect(parsed.kind === 'parsed' && parsed.value).toMatchObject({ errorCode: 'twilio:21610', recipientOptedOut: true })
  })

  it('ignores statuses of inbound messages and statuses it does not know', () => {
    expect(parseTwilioDeliveryReport({ ...base, MessageStatus: 'received' }, AT).kind).toBe('ignored')
    expect(parseTwilioDeliveryReport({ ...base, MessageStatus: 'teleported' }, AT).kind).toBe('ignored')
  })

  it('rejects a callback without message id or status', () => {
    expect(parseTwilioDeliveryReport({ MessageStatus: 'sent' }, AT).kind).toBe('invalid')
    expect(parseTwilioDeliveryReport({ MessageSid: 'SMabc' }, AT).kind).toBe('invalid')
  })
})
