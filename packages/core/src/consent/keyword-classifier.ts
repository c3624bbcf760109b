export type InboundIntent = 'opt_out' | 'opt_in' | 'help' | 'other'

// Union of the carriers' and both providers' default keyword lists (CTIA, Twilio, Plivo).
const OPT_OUT = new Set([
  'STOP',
  'STOPALL',
  'STOP ALL',
  'UNSUBSCRIBE',
  'UNSUB',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'OPT OUT',
  'OPT-OUT',
])
const OPT_IN = new Set(['START', 'YES', 'UNSTOP', 'RESUME', 'GO', 'OPTIN', 'OPT IN', 'OPT-IN', 'SUBSCRIBE'])
const HELP = new Set(['HELP', 'INFO'])

/**
 * Classifies the text of an inbound SMS. The whole message must be the keyword (trimmed, case-insensitive,
 * inner whitespace collapsed, trailing punctuation ignored): "Stop!" opts out, "don't stop" does not.
 */
export function classifyKeyword(text: string | null | undefined): InboundIntent {
  if (!text) return 'other'
  const normalized = text
    .normalize('NFKC')
    .trim()
    .replace(/[.!?]+$/u, '')
    .replace(/\s+/gu, ' ')
    .toUpperCase()
  if (OPT_OUT.has(normalized)) return 'opt_out'
  if (OPT_IN.has(normalized)) return 'opt_in'
  if (HELP.has(normalized)) return 'help'
  return 'other'
}

/**
 * A provider's own classification (Twilio `OptOutType`, Plivo `MessageIntent`) wins over keyword matching,
 * because the provider applies the account's configured keywords and has already acted on them.
 */
export function classifyInbound(text: string | null | undefined, providerIntent?: string | null): InboundIntent {
  const fromProvider = normalizeProviderIntent(providerIntent)
  return fromProvider ?? classifyKeyword(text)
}

function normalizeProviderIntent(value: string | null | undefined): InboundIntent | null {
  switch (value?.trim().toLowerCase()) {
    case 'stop':
    case 'optout':
    case 'opt_out':
    case 'opt-out':
      return 'opt_out'
    case 'start':
    case 'optin':
    case 'opt_in':
    case 'opt-in':
      return 'opt_in'
    case 'help':
      return 'help'
    default:
      return null
  }
}
