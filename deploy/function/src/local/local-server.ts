import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import azureFunctions, { type HttpResponseInit } from '@azure/functions'
import { handleWebhook } from '../handlers/handle-webhook.js'
import type { WebhookDeps } from '../handlers/webhook-deps.js'

// The package is CommonJS and Node cannot see these two as named exports: take them from the default export.
const { HttpRequest, InvocationContext } = azureFunctions

// The same routes as the Functions host with `routePrefix: api` (which matches them case-insensitively).
const ROUTE = /^\/api\/([^/?#]+)\/(webhook|status)\/?(?:\?|$)/i

/**
 * Serves the webhook handlers over plain node:http without the Functions host: requests become the library's
 * own `HttpRequest` objects and go through exactly the handlers the host would call.
 */
export function createLocalServer(deps: WebhookDeps): Server {
  return createServer((req, res) => {
    serve(req, res, deps).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'local runner: handler crashed')
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('Internal Server Error')
    })
  })
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: WebhookDeps): Promise<void> {
  const match = ROUTE.exec(req.url ?? '')
  if (!match || req.method !== 'POST') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found')
    return
  }
  const [, provider = '', route = ''] = match
  const body = await readBody(req)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  const request = new HttpRequest({
    method: req.method,
    url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
    headers,
    params: { provider: decodeURIComponent(provider) },
    body: { string: body },
  })
  const kind = route.toLowerCase() === 'webhook' ? 'inbound' : 'status'
  const functionName = kind === 'inbound' ? 'providerInboundWebhook' : 'providerStatusCallback'
  const context = new InvocationContext({ invocationId: randomUUID(), functionName })
  write(res, await handleWebhook(kind, request, context, deps))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk))
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}

function write(res: ServerResponse, response: HttpResponseInit): void {
  const headers: Record<string, string> = {}
  for (const [name, value] of new Headers(response.headers as ConstructorParameters<typeof Headers>[0])) headers[name] = value
  res.writeHead(response.status ?? 200, headers)
  res.end(typeof response.body === 'string' ? response.body : '')
}
