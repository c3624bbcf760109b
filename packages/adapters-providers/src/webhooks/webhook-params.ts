/** Webhook parameters as the providers sign them: repeated keys keep every value. */
export type WebhookParams = Record<string, string | string[]>

/** Parses an `application/x-www-form-urlencoded` body (or a query string) without losing repeated keys. */
export function parseFormParams(encoded: string): WebhookParams {
  const params: WebhookParams = {}
  for (const [key, value] of new URLSearchParams(encoded)) {
    const existing = params[key]
    if (existing === undefined) params[key] = value
    else if (Array.isArray(existing)) existing.push(value)
    else params[key] = [existing, value]
  }
  return params
}

/** The query string of a URL without its `?`, or '' when there is none. Kept raw: no re-encoding. */
export function rawQueryOf(url: string): string {
  const start = url.indexOf('?')
  if (start === -1) return ''
  const end = url.indexOf('#', start)
  return url.slice(start + 1, end === -1 ? undefined : end)
}

/** First value of a parameter, trimmed; null when absent or blank. */
export function paramValue(params: WebhookParams, name: string): string | null {
  const raw = params[name]
  const value = Array.isArray(raw) ? raw[0] : raw
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}
