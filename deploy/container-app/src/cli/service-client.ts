import type { AppConfig } from '../config/load-config.js'
import { CliUsageError } from './cli-io.js'

/**
 * Talks to a running service over HTTP: with the embedded queue the queue lives inside that process, so the
 * CLI reaches it through the development routes.
 */
export class ServiceClient {
  readonly #base: string
  readonly #token: string

  constructor(config: AppConfig, env: Record<string, string | undefined>) {
    this.#base = (env.SMS_SERVICE_URL ?? `http://127.0.0.1:${config.env.PORT}`).replace(/\/$/, '')
    const token = config.generatedTokens.apiToken ? undefined : config.apiTokens[0]
    if (!token)
      throw new CliUsageError('set API_TOKENS to a token the running service accepts (development tokens are made up per process)')
    this.#token = token
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let response: Response
    try {
      response = await fetch(`${this.#base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.#token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    } catch {
      throw new CliUsageError(`no service answers at ${this.#base}: start it (npm start) or set SMS_SERVICE_URL`)
    }
    const text = await response.text()
    let json: unknown = text
    try {
      json = JSON.parse(text)
    } catch {
      // keep the text
    }
    return { status: response.status, json }
  }
}
