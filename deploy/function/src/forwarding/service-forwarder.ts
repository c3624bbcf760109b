import type { Logger } from '@sms-notification/core/inbound'
import { backoffDelay, parseRetryAfter } from './backoff.js'
import type { ForwardFailureReason, ForwardResult } from './forward-result.js'

export interface ServiceForwarderOptions {
  serviceUrl: string
  token: string
  timeoutMs: number
  maxRetries: number
  baseDelayMs: number
  /** Retries of a 404 whose code the caller named in `retryNotFoundCode` (see `PostOptions`). Default 0. */
  notFoundRetries?: number
  /** First backoff step of those retries; doubles per retry, with jitter. Default `baseDelayMs`. */
  notFoundBaseDelayMs?: number
  logger: Logger
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
}

export interface PostOptions {
  /**
   * A 404 carrying this error code means "not known yet" rather than "never": it is retried within its own
   * budget (`notFoundRetries`), then returned as `rejected` with the code.
   */
  retryNotFoundCode?: string
}

export interface ServiceForwarder {
  /** POSTs `body` as JSON to `path` on the service, retrying transient failures. */
  post(path: string, body: unknown, correlationId?: string, options?: PostOptions): Promise<ForwardResult>
}

type RetryReason = ForwardFailureReason | 'not_yet_known'

type Attempt =
  | { kind: 'done'; result: ForwardResult }
  | { kind: 'retry'; reason: RetryReason; status: number | null; retryAfterMs: number | null; code?: string }

/** Error answers are small JSON documents; anything larger is not read for a code. */
const MAX_ERROR_BODY_CHARS = 4096

/**
 * Forwards webhooks to the SMS service's internal API. Retrying is safe because the service is idempotent on
 * the provider message id; giving up returns `failed` so the function answers 5xx and the provider retries.
 */
export function createServiceForwarder(options: ServiceForwarderOptions): ServiceForwarder {
  const doFetch = options.fetch ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const notFoundRetries = options.notFoundRetries ?? 0
  const notFoundBaseDelayMs = options.notFoundBaseDelayMs ?? options.baseDelayMs

  async function attempt(url: string, payload: string, correlationId: string | undefined, n: number, post: PostOptions): Promise<Attempt> {
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
    const status = response.status
    // Only a 4xx is read, for its error code; other bodies are drained so the connection returns to the pool.
    // No body is ever logged (it may echo data).
    let code: string | undefined
    if (status >= 400 && status < 500) code = await errorCodeOf(response)
    else await response.arrayBuffer().catch(() => undefined)
    if (status >= 200 && status < 300) return { kind: 'done', result: { kind: 'accepted', status, attempts: n } }
    if (status === 401 || status === 403) {
      return { kind: 'done', result: { kind: 'failed', reason: 'unauthorized', status, attempts: n } }
    }
    if (status === 429 || status === 408) {
      return { kind: 'retry', reason: 'rate_limited', status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) }
    }
    if (status >= 500)
      return { kind: 'retry', reason: 'server_error', status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) }
    if (status === 404 && code !== undefined && code === post.retryNotFoundCode) {
      return { kind: 'retry', reason: 'not_yet_known', status, retryAfterMs: null, code }
    }
    return {
      kind: 'done',
      result: code === undefined ? { kind: 'rejected', status, attempts: n } : { kind: 'rejected', status, attempts: n, code },
    }
  }

  return {
    async post(path, body, correlationId, post = {}) {
      const url = `${options.serviceUrl}${path}`
      const payload = JSON.stringify(body)
      // Two budgets: a service that is down and a report that is early are different waits.
      let transient = 0
      let notFound = 0
      for (let n = 1; ; n++) {
        const outcome = await attempt(url, payload, correlationId, n, post)
        if (outcome.kind === 'done') return outcome.result
        let delay: number
        if (outcome.reason === 'not_yet_known') {
          if (notFound >= notFoundRetries) {
            return {
              kind: 'rejected',
              status: 404,
              attempts: n,
              ...(outcome.code === undefined ? {} : { code: outcome.code }),
              notYetKnown: true,
            }
          }
          notFound += 1
          delay = backoffDelay(notFound, notFoundBaseDelayMs, null)
        } else {
          if (transient >= options.maxRetries) return { kind: 'failed', reason: outcome.reason, status: outcome.status, attempts: n }
          transient += 1
          delay = backoffDelay(transient, options.baseDelayMs, outcome.retryAfterMs)
        }
        options.logger.warn(
          { path, attempt: n, reason: outcome.reason, status: outcome.status, delayMs: Math.round(delay) },
          'forward failed; retrying',
        )
        await sleep(delay)
      }
    },
  }
}

/** The `code` of the service's JSON error body (`{ statusCode, code, message }`), if it has one. */
async function errorCodeOf(response: Response): Promise<string | undefined> {
  const text = await response.text().catch(() => '')
  if (text.length === 0 || text.length > MAX_ERROR_BODY_CHARS) return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    const code = typeof parsed === 'object' && parsed !== null ? (parsed as { code?: unknown }).code : undefined
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : undefined
  } catch {
    return undefined
  }
}
