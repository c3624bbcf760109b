import { createHmac } from 'node:crypto'
import type { WebhookParams } from './webhook-params.js'

export interface PlivoSigningInput {
  method: 'GET' | 'POST'
  /** The URL Plivo calls, with its query string. */
  url: string
  nonce: string
  authToken: string
  /** POST form parameters (a GET carries its parameters in `url`). */
  params?: WebhookParams
}

/**
 * Computes Plivo's V3 signature the way Plivo documents it, for tests and fake providers that need to send
 * signed callbacks (the SDK exports a validator but no signer). The string signed is the URL without its
 * query, then `?` and the query sorted by key and value (`k=v` joined by `&`), then for a POST with
 * parameters a `.` (only after a non-empty query) and every parameter as key+value in sorted order; finally
 * `.` + nonce. HMAC-SHA256 with the auth token, base64.
 */
export function signPlivoV3(input: PlivoSigningInput): string {
  const url = new URL(input.url)
  const base = `${url.protocol}//${url.host}${url.pathname}`
  const query = sortedQuery(url.searchParams)
  const params = input.method === 'POST' ? (input.params ?? {}) : {}
  const hasParams = Object.keys(params).length > 0
  let signed = base
  if (input.method === 'GET') {
    if (query) signed += `?${query}`
  } else {
    if (query || hasParams) signed += `?${query}`
    if (query && hasParams) signed += '.'
    signed += sortedParams(params)
  }
  return createHmac('sha256', input.authToken).update(`${signed}.${input.nonce}`).digest('base64')
}

/** Plivo's V2 signature: the URL without its query, then the nonce. It does not cover the body. */
export function signPlivoV2(input: { url: string; nonce: string; authToken: string }): string {
  const url = new URL(input.url)
  return createHmac('sha256', input.authToken).update(`${url.protocol}//${url.host}${url.pathname}${input.nonce}`).digest('base64')
}

function sortedQuery(search: URLSearchParams): string {
  const grouped = new Map<string, string[]>()
  for (const [key, value] of search) grouped.set(key, [...(grouped.get(key) ?? []), value])
  return [...grouped.keys()]
    .sort()
    .flatMap((key) => (grouped.get(key) ?? []).sort().map((value) => `${key}=${value}`))
    .join('&')
}

function sortedParams(params: WebhookParams): string {
  return Object.keys(params)
    .sort()
    .map((key) => {
      const value = params[key] ?? ''
      return Array.isArray(value)
        ? [...value]
            .sort()
            .map((v) => key + v)
            .join('')
        : key + value
    })
    .join('')
}
