import { describe, expect, it } from 'vitest'
import { formatTicketCount } from './ticket-count-label.js'

describe('formatTicketCount', () => {
  it.each([
    [1, 'en-US', '1 ticket'],
    [2, 'en-US', '2 tickets'],
    [0, undefined, '0 tickets'],
    [1, 'es-MX', '1 entrada'],
    [3, 'es', '3 entradas'],
    [0, 'fr-FR', '0 billet'],
    [1, 'fr_CA', '1 billet'],
    [2, 'fr', '2 billets'],
    [2, 'de-DE', '2 Tickets'],
    [2, 'ja-JP', '2 tickets'],
    [2, 'not a locale!', '2 tickets'],
  ])('%i in %s is %s', (count, locale, expected) => {
    expect(formatTicketCount(count, locale)).toBe(expected)
  })
})
