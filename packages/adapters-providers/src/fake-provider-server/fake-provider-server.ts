import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeProviderState } from './fake-provider-state.js'
import type {
  FakeCredentials,
  FakeProvider,
  FakeProviderServer,
  FakeProviderServerOptions,
  FakeResponse,
  RecordedRequest,
} from './fake-provider-types.js'
import { basicCredentials, readParams, sendJson } from './http-io.js'
import { plivoDialect, plivoRoutes } from './plivo-routes.js'
import type { ProviderDialect, Route, RouteContext } from './route.js'
import { twilioDialect, twilioRoutes } from './twilio-routes.js'

/** Credentials the fake accepts unless told otherwise. Twilio's SDK insists on an `AC` account sid. */
export const FAKE_PROVIDER_CREDENTIALS: FakeCredentials = {
  twilio: { accountSid: `AC${'f'.repeat(32)}`, authToken: 'fake-twilio-auth-token' },
  plivo: { authId: 'MAFAKEPLIVOAUTHID000', authToken: 'fake-plivo-auth-token' },
}

const ROUTES: Route[] = [...twilioRoutes, ...plivoRoutes]
const DIALECTS: Record<FakeProvider, ProviderDialect> = { twilio: twilioDialect, plivo: plivoDialect }

/**
 * Starts a local HTTP server that speaks the Twilio and Plivo REST shapes the adapters use (send, errors,
 * number search, buy and release), with per-recipient scripted answers and a record of what it received.
 * For tests and demos only: it listens on 127.0.0.1.
 */
export async function startFakeProviderServer(options: FakeProviderServerOptions = {}): Promise<FakeProviderServer> {
  const credentials: FakeCredentials = {
    twilio: options.credentials?.twilio ?? FAKE_PROVIDER_CREDENTIALS.twilio,
    plivo: options.credentials?.plivo ?? FAKE_PROVIDER_CREDENTIALS.plivo,
  }
  const state = new FakeProviderState()
  const timers = new Set<NodeJS.Timeout>()

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { message: 'fake provider failure' })
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const params = await readParams(req)
    const method = req.method ?? 'GET'
    let matched: { route: Route; path: Record<string, string> } | undefined
    for (const route of ROUTES) {
      const match = route.method === method ? route.pattern.exec(url.pathname) : null
      if (match) {
        matched = { route, path: { ...match.groups } }
        break
      }
    }
    const context: RouteContext = {
      state,
      credentials,
      path: matched?.path ?? {},
      query: Object.fromEntries(url.searchParams),
      params,
      basic: basicCredentials(req),
    }
    const authorized = matched ? matched.route.authorized(context) : false
    const record: RecordedRequest = {
      provider: matched?.route.provider ?? null,
      operation: matched?.route.operation ?? null,
      method,
      path: url.pathname,
      query: context.query,
      params,
      authorized,
      at: new Date(),
    }
    state.requests.push(record)

    if (!matched) {
      sendJson(res, 404, { message: `no fake route for ${method} ${url.pathname}` })
      return
    }
    const { route } = matched
    const dialect = DIALECTS[route.provider]
    if (!authorized) {
      const answer = dialect.unauthorized()
      sendJson(res, answer.status, answer.body)
      return
    }
    const scripted = state.takeScript(route.provider, route.operation, route.recipient?.(context))
    if (scripted) {
      await respondScripted(res, scripted, dialect)
      return
    }
    const answer = route.handle(context)
    sendJson(res, answer.status, answer.body, answer.headers)
  }

  async function respondScripted(res: ServerResponse, scripted: FakeResponse, dialect: ProviderDialect): Promise<void> {
    if (scripted.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer)
          resolve()
        }, scripted.delayMs)
        timers.add(timer)
        res.once('close', () => {
          clearTimeout(timer)
          timers.delete(timer)
          resolve()
        })
      })
    }
    if (res.destroyed || res.writableEnded) return
    if (scripted.reset) {
      res.socket?.destroy()
      return
    }
    const status = scripted.status ?? 400
    sendJson(res, status, scripted.body ?? dialect.errorBody(scripted, status), scripted.headers)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    credentials,
    requests: state.requests,
    accepted: state.accepted,
    rented: state.rented,
    script: (recipient, response) => state.scriptSend(recipient, response),
    scriptOperation: (operation, response, provider) => state.scriptOperation(operation, response, provider),
    setInventory: (country, numbers) => state.setInventory(country, numbers),
    clearScripts: () => state.clearScripts(),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive sockets and requests parked by a delay script would hold close() open.
        server.closeAllConnections()
      }),
  }
}
