import type { Logger } from '@sms-notification/core'

/**
 * Logs configuration failures (bad credentials, unverified sender) at error level once per error code, then at
 * warn level: loud enough to page someone, without one error line per queued message while the key is wrong.
 */
export class ConfigurationAlarm {
  readonly #raised = new Set<string>()

  constructor(
    private readonly logger: Logger,
    private readonly provider: string,
  ) {}

  raise(errorCode: string, operation: string): void {
    const fields = { provider: this.provider, errorCode, operation }
    if (this.#raised.has(errorCode)) {
      this.logger.warn(fields, 'provider configuration error (repeated)')
      return
    }
    this.#raised.add(errorCode)
    this.logger.error(fields, 'provider configuration error: sending fails until the configuration is fixed')
  }
}
