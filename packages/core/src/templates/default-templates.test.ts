import { describe, expect, it } from 'vitest'
import { defaultTemplates } from './default-templates.js'
import { formatMoney } from './money-format.js'
import { createTemplateRenderer } from './template-renderer.js'

const renderer = createTemplateRenderer({ messageTypes: defaultTemplates })

const typicalOrder = {
  customerName: 'Alexandra Martin',
  customerFirstName: 'Alexandra',
  venueName: 'The Fillmore Theater',
  eventName: 'Midnight Jazz Orchestra Live',
  eventStartsAt: 'Sat 14 Jun 8:00 PM',
  orderId: '3f1c2b9a-6d7e-4f10-9a2b-1c3d4e5f6a7b',
  orderRef: 'A1B2C3D4',
  orderTotal: formatMoney(129.5, 'USD', 'en-US'),
  ticketCount: 2,
  ticketCountLabel: '2 tickets',
}

describe('defaultTemplates', () => {
  it('load without configuration errors', () => {
    expect(renderer.hasMessageType('order_confirmation')).toBe(true)
    expect(renderer.hasMessageType('event_reminder')).toBe(true)
  })

  it('fit an English order confirmation with typical values in one GSM-7 segment', () => {
    const result = renderer.render({ messageType: 'order_confirmation', venueId: 12, locale: 'en-US', data: typicalOrder })
    expect(result).toMatchObject({ kind: 'rendered', encoding: 'GSM-7', segments: 1 })
    expect(result.text).toBe(
      'The Fillmore Theater: Thanks Alexandra! Order A1B2C3D4 is confirmed: 2 tickets, $129.50. ' +
        'See you at Midnight Jazz Orchestra Live! Reply STOP to opt out.',
    )
  })

  it('drop the event sentence when there is no event name', () => {
    const result = renderer.render({ messageType: 'order_confirmation', data: { ...typicalOrder, eventName: null } })
    expect(result.text).not.toContain('See you')
    expect(result.text).toContain('$129.50. Reply STOP')
  })

  it.each([
    ['es-MX', '¡Gracias Alexandra!', 'Responde STOP', 'MXN'],
    ['fr-FR', 'merci Alexandra !', 'Répondez STOP', 'EUR'],
    ['fr-CA', 'Commande A1B2C3D4', 'Répondez STOP', 'CAD'],
  ])('have a GSM-7 %s order confirmation', (locale, greeting, stop, currency) => {
    const data = { ...typicalOrder, eventName: 'Jazz Orchestra', orderTotal: formatMoney(129.5, currency, locale) }
    const result = renderer.render({ messageType: 'order_confirmation', locale, data })
    expect(result.text).toContain(greeting)
    expect(result.text).toContain(stop)
    expect(result).toMatchObject({ kind: 'rendered', encoding: 'GSM-7' })
    expect(result.segments).toBeLessThanOrEqual(2)
  })

  it('render an event reminder in one GSM-7 segment', () => {
    const result = renderer.render({ messageType: 'event_reminder', data: typicalOrder })
    expect(result).toMatchObject({ kind: 'rendered', encoding: 'GSM-7', segments: 1 })
    expect(result.text).toContain('Midnight Jazz Orchestra Live starts Sat 14 Jun 8:00 PM')
  })
})
