import type { IncomingMessage, ServerResponse } from 'node:http'

const MAX_BODY_BYTES = 1024 * 1024

export async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  req.setEncoding('utf8')
  let text = ''
  for await (const chunk of req) {
    text += chunk as string
    if (text.length > MAX_BODY_BYTES) throw new Error('request body too large')
  }
  if (text === '') return {}
  const type = req.headers['content-type'] ?? ''
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  }
  return Object.fromEntries(new URLSearchParams(text))
}

export function basicCredentials(req: IncomingMessage): { user: string; password: string } | null {
  const header = req.headers.authorization
  if (!header?.startsWith('Basic ')) return null
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return
  if (status === 204) {
    res.writeHead(204, headers).end()
    return
  }
  const payload = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers })
  res.end(payload)
}
