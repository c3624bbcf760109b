import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

const VALID = {
  WEBHOOK_PUBLIC_BASE_URL: 'https://hooks.example.com/',
  SMS_SERVICE_URL: 'http://sms-service.internal:3000',
  INTERNAL_API_TOKEN: 'internal-token-0123456789',
  TWILIO_AUTH_TOKEN: 'twilio-token',
  PLIVO_AUTH_TOKEN: 'plivo-token',
}

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems.map((p) => p.variable)
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('reads a complete environment with defaults for the rest', () => {
    const config = loadConfig(VALID)
    expect(config).toMatchObject({
      publicBaseUrl: 'https://hooks.example.com',
      serviceUrl: 'http://sms-service.internal:3000',
      twilio: { authToken: 'twilio-token' },
      plivo: { authToken: 'plivo-token', mainAccountAuthToken: undefined, allowV2Signatures: false },
      forwarding: { timeoutMs: 3000, maxRetries: 2, baseDelayMs: 200, notFoundRetries: 4, notFoundBaseDelayMs: 500 },
      metrics: null,
      logLevel: 'info',
    })
  })

  it('names every offending variable at once', () => {
    const problems = problemsOf({
      WEBHOOK_PUBLIC_BASE_URL: 'ftp://hooks.example.com',
      SMS_SERVICE_URL: 'not a url',
      INTERNAL_API_TOKEN: 'short',
      FORWARD_TIMEOUT_MS: 'soon',
      LOG_LEVEL: 'chatty',
    })
    expect(problems.sort()).toEqual(
      [
        'FORWARD_TIMEOUT_MS',
        'INTERNAL_API_TOKEN',
        'LOG_LEVEL',
        'PLIVO_AUTH_TOKEN',
        'SMS_SERVICE_URL',
        'TWILIO_AUTH_TOKEN',
        'WEBHOOK_PUBLIC_BASE_URL',
      ].sort(),
    )
  })

  it('says a missing variable is required, and never echoes a value', () => {
    try {
      loadConfig({ ...VALID, INTERNAL_API_TOKEN: undefined, SMS_SERVICE_URL: 'https://x.test/?token=s3cr3t' })
      expect.unreachable()
    } catch (error) {
      const message = (error as Error).message
      expect(message).toContain('INTERNAL_API_TOKEN: is required')
      expect(message).toContain('SMS_SERVICE_URL')
      expect(message).not.toContain('s3cr3t')
      expect(message).not.toContain('twilio-token')
    }
  })

  it('runs with a single provider and disables the other', () => {
    const config = loadConfig({ ...VALID, PLIVO_AUTH_TOKEN: '' })
    expect(config.plivo).toBeNull()
    expect(config.twilio).not.toBeNull()
  })

  it('reads the Plivo options, forwarding tuning and metrics settings', () => {
    const config = loadConfig({
      ...VALID,
      PLIVO_MAIN_AUTH_TOKEN: 'main-token',
      PLIVO_ALLOW_V2_SIGNATURES: 'yes',
      FORWARD_TIMEOUT_MS: '1500',
      FORWARD_MAX_RETRIES: '0',
      FORWARD_RETRY_BASE_DELAY_MS: '50',
      FORWARD_UNKNOWN_MESSAGE_RETRIES: '2',
      FORWARD_UNKNOWN_MESSAGE_DELAY_MS: '250',
      DD_AGENT_HOST: 'datadog-agent',
      DD_DOGSTATSD_PORT: '9125',
      DD_ENV: 'prod',
      LOG_LEVEL: 'debug',
    })
    expect(config.plivo).toEqual({ authToken: 'plivo-token', mainAccountAuthToken: 'main-token', allowV2Signatures: true })
    expect(config.forwarding).toEqual({ timeoutMs: 1500, maxRetries: 0, baseDelayMs: 50, notFoundRetries: 2, notFoundBaseDelayMs: 250 })
    expect(config.metrics).toEqual({ host: 'datadog-agent', port: 9125, tags: { service: 'sms-webhook-function', env: 'prod' } })
    expect(config.logLevel).toBe('debug')
  })

  it('reads the previous auth tokens of a rotation, blank meaning unset', () => {
    const config = loadConfig({ ...VALID, TWILIO_AUTH_TOKEN_PREVIOUS: 'twilio-old', PLIVO_AUTH_TOKEN_PREVIOUS: 'plivo-old' })
    expect(config.twilio).toEqual({ authToken: 'twilio-token', previousAuthToken: 'twilio-old' })
    expect(config.plivo).toMatchObject({ authToken: 'plivo-token', previousAuthToken: 'plivo-old' })
    const none = loadConfig({ ...VALID, TWILIO_AUTH_TOKEN_PREVIOUS: '', PLIVO_AUTH_TOKEN_PREVIOUS: '' })
    expect(none.twilio?.previousAuthToken).toBeUndefined()
    expect(none.plivo?.previousAuthToken).toBeUndefined()
  })

  it('refuses a previous auth token without a current one, without echoing it', () => {
    expect(problemsOf({ ...VALID, PLIVO_AUTH_TOKEN: '', PLIVO_AUTH_TOKEN_PREVIOUS: 'plivo-old-s3cr3t' })).toEqual([
      'PLIVO_AUTH_TOKEN_PREVIOUS',
    ])
    try {
      loadConfig({ ...VALID, TWILIO_AUTH_TOKEN: undefined, TWILIO_AUTH_TOKEN_PREVIOUS: 'twilio-old-s3cr3t' })
      expect.unreachable()
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { variable: 'TWILIO_AUTH_TOKEN_PREVIOUS', message: 'only accepted together with TWILIO_AUTH_TOKEN' },
      ])
      expect((error as Error).message).not.toContain('s3cr3t')
    }
  })

  it('refuses a public base URL with a query string', () => {
    expect(problemsOf({ ...VALID, WEBHOOK_PUBLIC_BASE_URL: 'https://hooks.example.com/?a=1' })).toEqual(['WEBHOOK_PUBLIC_BASE_URL'])
  })
})
