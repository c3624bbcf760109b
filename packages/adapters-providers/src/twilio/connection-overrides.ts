/**
 * Twilio's webhook connection overrides: `key=value` pairs joined by `&`, carried in the webhook URL's fragment
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides; e.g. `rc` is the retry count,
 * `rp` the retry policy). Twilio reads the fragment and neither sends it nor signs it, so the signature of the
 * request is computed over the URL without it.
 */
const OVERRIDES = /^[a-z]{1,4}=[A-Za-z0-9,._-]+(&[a-z]{1,4}=[A-Za-z0-9,._-]+)*$/

/** Checks the configured overrides once, at construction: a malformed fragment is a configuration defect. */
export function parseConnectionOverrides(overrides: string | undefined): string | undefined {
  if (overrides === undefined || overrides === '') return undefined
  const bare = overrides.replace(/^#/, '')
  if (!OVERRIDES.test(bare))
    throw new Error('inboundWebhookConnectionOverrides must look like `key=value&key=value` (Twilio connection overrides)')
  return bare
}

/** The URL with the overrides as its fragment; a URL that already carries a fragment keeps its own. */
export function withConnectionOverrides(url: string, overrides: string | undefined): string {
  if (!overrides || url.includes('#')) return url
  return `${url}#${overrides}`
}
