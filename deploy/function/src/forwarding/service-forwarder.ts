import type { Logger } from '@sms-notification/core/inbound'
import { backoffDelay, parseRetryAfter } from './backoff.js'
import type { ForwardFailureReason, ForwardResult } from './forward-result.js'

export interface ServiceForwarderOptions {
  serviceUrl: string
  token: string
  timeoutMs: number
  maxRetries: number
  baseDelayMs: number
  logger: Logger
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
}

export interface ServiceForwarder {
  /** POSTs `body` as JSON to `path` on the service, retrying transient failures. */
  post(path: string, body: unknown, correlationId?: string): Promise<ForwardResult>
}

type Attempt =
  | { kind: 'done'; result: ForwardResult }
  | { kind: 'retry'; reason: ForwardFailureReason; status: number | null; retryAfterMs: number | null }

/**
 * Forwards webhooks to the SMS service's internal API. Retrying is safe because the service is idempotent on
 * the provider message id; giving up returns `failed` so the function answers 5xx and the provider retries.
 */
export function createServiceForwarder(options: ServiceForwarderOptions): ServiceForwarder {
  const doFetch = options.fetch ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  async function attempt(url: string, payload: string, correlationId: string | undefined, n: number): Promise<Attempt> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token}`,
      'content-type': 'application/json',
    }
    if (correlationId) headers['x-correlation-id'] = correlationId
    let response: Response
    try {
      response = await doFetch(url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(options.timeoutMs) })
    } catch (error) {
      // AbortSignal.timeout rejects with a DOMException named TimeoutError; anything else is the network.
      const name = (error as { name?: unknown } | null)?.name
      const timedOut = name === 'TimeoutError' || name === 'AbortError'
      return { kind: 'retry', reason: timedOut ? 'timeout' : 'network', status: null, retryAfterMs: null }
    }
    // Drain the body so the connection returns to the pool; its content is not logged (it may echo data).
    await response.arrayBuffer().catch(() => undefined)
    const status = response.status
    if (status >= 200 && status < 300) return { kind: 'done', result: { kind: 'accepted', status, attempts: n } }
    if (status === 401 || status === 403) {
      return { kind: 'done', result: { kind: 'failed', reason: 'unauthorized', status, attempts: n } }
    }
    if (status === 429 || status === 408) {
      return { kind: 'retry', reason: 'rate_limited', status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) }
    }
    if (status >= 500) return { kind: 'retry', reason: 'server_error', status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) }
    return { kind: 'done', result: { kind: 'rejected', status, attempts: n } }
  }

  return {
    async post(path, body, correlationId) {
      const url = `${options.serviceUrl}${path}`
      const payload = JSON.stringify(body)
      for (let n = 1; ; n++) {
        const outcome = await attempt(url, payload, correlationId, n)
        if (outcome.kind === 'done') return outcome.result
        if (n > options.maxRetries) {
          return { kind: 'failed', reason: outcome.reason, status: outcome.status, attempts: n }
        }
        const delay = backoffDelay(n, options.baseDelayMs, outcome.retryAfterMs)
        options.logger.warn({ path, attempt: n, reason: outcome.reason, status: outcome.status, delayMs: Math.round(delay) }, 'forward failed; retrying')
        await sleep(delay)
      }
    },
  }
}
