import { AsyncLocalStorage } from 'node:async_hooks'
import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient.js'
import type * as ResponseModule from 'twilio/lib/http/response.js'

/** What a call through the SDK produced, with the Retry-After of a failed response (RestException drops headers). */
export type TwilioCallResult<T> = { ok: true; value: T } | { ok: false; error: unknown; retryAfter: unknown }

interface CallScope {
  retryAfter?: unknown
}

/**
 * The SDK's documented extension point for HTTP (`httpClient`): every request keeps its path and query but is
 * sent to `baseUrl` when one is configured (a local fake provider, a recording proxy). All Twilio domains
 * (api, messaging) map to the same base, so one fake server answers them all.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  readonly #baseUrl: string | undefined
  readonly #scope = new AsyncLocalStorage<CallScope>()

  constructor(options: { baseUrl?: string; timeoutMs: number }) {
    // autoRetry off: retries belong to the orchestrator, which knows the message's attempt budget.
    super({ timeout: options.timeoutMs, autoRetry: false, keepAlive: true })
    this.#baseUrl = options.baseUrl?.replace(/\/+$/, '')
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<ResponseModule.default<TData>> {
    const uri = this.#baseUrl === undefined ? opts.uri : opts.uri.replace(/^https:\/\/[^/]+/, this.#baseUrl)
    const response = await super.request({ ...opts, uri })
    if (response.statusCode >= 400) {
      const scope = this.#scope.getStore()
      if (scope) scope.retryAfter = (response.headers as Record<string, unknown> | undefined)?.['retry-after']
    }
    return response
  }

  /** Runs one SDK call, turning its rejection into a value that keeps the failed response's Retry-After. */
  async call<T>(operation: () => Promise<T>): Promise<TwilioCallResult<T>> {
    const scope: CallScope = {}
    try {
      return { ok: true, value: await this.#scope.run(scope, operation) }
    } catch (error) {
      return { ok: false, error, retryAfter: scope.retryAfter }
    }
  }
}
