import { parseFormParams, rawQueryOf, type WebhookParams } from './webhook-params.js'
import type { WebhookRequest } from './webhook-request.js'

/**
 * The parameters a provider sent: the query string of a GET, the form body of a POST, or the top-level
 * fields of a JSON body (values turned into strings). Null when a JSON body is not an object.
 */
export function readWebhookParams(request: WebhookRequest): WebhookParams | null {
  if (request.method.toUpperCase() === 'GET') return parseFormParams(rawQueryOf(request.publicUrl))
  const contentType = request.headers.get('content-type')?.toLowerCase() ?? ''
  if (!contentType.includes('json')) return parseFormParams(request.body)
  return jsonParams(request.body)
}

function jsonParams(body: string): WebhookParams | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null
  const params: WebhookParams = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || value === undefined) continue
    params[key] = Array.isArray(value) ? value.map(asText) : asText(value)
  }
  return params
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
