// Nouns per language, keyed by the CLDR plural category Intl.PluralRules returns; languages not listed use English.
const TICKET_NOUNS: Record<string, Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }> = {
  en: { one: 'ticket', other: 'tickets' },
  es: { one: 'entrada', other: 'entradas' },
  fr: { one: 'billet', other: 'billets' },
  de: { one: 'Ticket', other: 'Tickets' },
}

/** `2 tickets`, `1 entrada`, `0 billet` (French counts 0 as singular): the `ticketCountLabel` template field. */
export function formatTicketCount(count: number, locale: string | undefined): string {
  const tag = locale?.trim().replaceAll('_', '-') || 'en-US'
  const language = tag.split('-')[0]?.toLowerCase() ?? 'en'
  const nouns = TICKET_NOUNS[language] ?? TICKET_NOUNS.en!
  const rules = TICKET_NOUNS[language] ? pluralRules(tag) : pluralRules('en-US')
  return `${count} ${nouns[rules.select(count)] ?? nouns.other}`
}

function pluralRules(tag: string): Intl.PluralRules {
  try {
    return new Intl.PluralRules(tag)
  } catch (error) {
    if (error instanceof RangeError) return new Intl.PluralRules('en-US')
    throw error
  }
}
