import { describe, expect, it } from 'vitest'
import { ConfigError } from './config-error.js'
import { configSchema } from './config-schema.js'
import { loadConfig } from './load-config.js'

const token = (n: number) => `token-${String(n).padStart(12, '0')}`

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('applies the documented defaults on an empty environment', () => {
    const config = loadConfig({}, { generateToken: () => 'generated-token-0123456789' })
    expect(config.env.PORT).toBe(3000)
    expect(config.env.HOST).toBe('0.0.0.0')
    expect(config.env.DATABASE_URL).toBe('sqlite:.data/sms.db')
    expect(config.env.SMS_PROVIDER).toBe('simulated')
    expect(config.env.DEFAULT_REGION).toBe('US')
    expect(config.queueMode).toBe('embedded')
    expect(config.runMigrations).toBe(true)
    expect(config.metricsEnabled).toBe(false)
  })

  it('generates development tokens on the embedded default when none are set', () => {
    let n = 0
    const config = loadConfig({}, { generateToken: () => `generated-token-${++n}-0123456789` })
    expect(config.apiTokens).toEqual(['generated-token-1-0123456789'])
    expect(config.internalTokens).toEqual(['generated-token-2-0123456789'])
    expect(config.generatedTokens).toEqual({ apiToken: 'generated-token-1-0123456789', internalToken: 'generated-token-2-0123456789' })
  })

  it('uses the configured tokens and generates none', () => {
    const config = loadConfig({ API_TOKENS: `${token(1)}, ${token(2)},`, INTERNAL_API_TOKEN: token(3) })
    expect(config.apiTokens).toEqual([token(1), token(2)])
    expect(config.internalTokens).toEqual([token(3)])
    expect(config.generatedTokens).toEqual({})
  })

  it('takes a comma-separated list of internal tokens for rotation, each a real secret', () => {
    const config = loadConfig({ INTERNAL_API_TOKEN: ` ${token(4)},${token(5)} ,` })
    expect(config.internalTokens).toEqual([token(4), token(5)])
    expect(config.generatedTokens.internalToken).toBeUndefined()
    const error = configErrorOf({ INTERNAL_API_TOKEN: `${token(4)},short` })
    expect(error.variables).toEqual(['INTERNAL_API_TOKEN'])
    expect(error.message).toMatch(/INTERNAL_API_TOKEN: each internal token must be at least 16 characters/)
    expect(configErrorOf({ INTERNAL_API_TOKEN: ' , ,' }).variables).toEqual(['INTERNAL_API_TOKEN'])
  })

  it('accepts a {provider} placeholder in the callback URLs and keeps it for the core to fill', () => {
    const config = loadConfig({
      STATUS_CALLBACK_URL: 'https://sms-webhooks.azurewebsites.net/api/{provider}/status',
      INBOUND_WEBHOOK_URL: 'https://{provider}-hooks.example.net/api/{provider}/inbound',
    })
    expect(config.env.STATUS_CALLBACK_URL).toBe('https://sms-webhooks.azurewebsites.net/api/{provider}/status')
    expect(config.env.INBOUND_WEBHOOK_URL).toBe('https://{provider}-hooks.example.net/api/{provider}/inbound')
    expect(loadConfig({ STATUS_CALLBACK_URL: 'https://hooks.example.net/api/twilio/status' }).env.STATUS_CALLBACK_URL).toBe(
      'https://hooks.example.net/api/twilio/status',
    )
  })

  it('rejects a misspelt placeholder and a callback URL that is not http(s)', () => {
    const error = configErrorOf({
      STATUS_CALLBACK_URL: 'https://hooks.example.net/api/{provder}/status',
      INBOUND_WEBHOOK_URL: 'ftp://hooks.example.net/{provider}',
    })
    expect(error.variables.sort()).toEqual(['INBOUND_WEBHOOK_URL', 'STATUS_CALLBACK_URL'])
    expect(error.message).toContain('STATUS_CALLBACK_URL: the only placeholder is {provider}')
    expect(configErrorOf({ STATUS_CALLBACK_URL: 'not a url {provider}' }).variables).toEqual(['STATUS_CALLBACK_URL'])
  })

  it('treats empty values as unset', () => {
    const config = loadConfig({ PORT: '', SMS_PROVIDER: '', API_TOKENS: token(1), INTERNAL_API_TOKEN: token(2) })
    expect(config.env.PORT).toBe(3000)
    expect(config.env.SMS_PROVIDER).toBe('simulated')
  })

  it('names every offending variable at once', () => {
    const error = configErrorOf({
      PORT: 'abc',
      SMS_PROVIDER: 'carrier-pigeon',
      DATABASE_URL: 'mysql://x',
      DEFAULT_REGION: 'usa',
      LOG_LEVEL: 'loud',
    })
    expect(error.variables.sort()).toEqual(['DATABASE_URL', 'DEFAULT_REGION', 'LOG_LEVEL', 'PORT', 'SMS_PROVIDER'])
    for (const v of error.variables) expect(error.message).toContain(`${v}:`)
  })

  it('names the cross-field problems too when a single field is invalid', () => {
    const error = configErrorOf({ PORT: 'abc', SMS_PROVIDER: 'twilio', SERVICEBUS_NAMESPACE: 'x' })
    expect(error.variables.sort()).toEqual(['API_TOKENS', 'INTERNAL_API_TOKEN', 'PORT', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'])
    expect(error.message).toMatch(/TWILIO_ACCOUNT_SID: required when SMS_PROVIDER=twilio/)
    expect(error.message).toMatch(/INTERNAL_API_TOKEN: required when Service Bus is configured/)
    // An invalid value takes part as given: present, but never mistaken for a valid provider name.
    const mixed = configErrorOf({
      SMS_PROVIDER: 'pigeon',
      SMS_FALLBACK_PROVIDER: 'pigeon',
      JWT_ISSUER: 'https://issuer',
      INTERNAL_API_TOKEN: 'short',
    })
    expect(mixed.variables.sort()).toEqual(['INTERNAL_API_TOKEN', 'JWT_AUDIENCE', 'JWT_JWKS_URL', 'SMS_FALLBACK_PROVIDER', 'SMS_PROVIDER'])
    expect(mixed.message).not.toContain('must differ from SMS_PROVIDER')
    // Each problem is named once.
    expect(error.problems).toHaveLength(new Set(error.problems.map((p) => `${p.variable}:${p.message}`)).size)
  })

  it('decides the development routes from the queue and the providers', () => {
    expect(loadConfig({}).devRoutes).toBe(true)
    expect(loadConfig({ DEV_ROUTES: 'false' }).devRoutes).toBe(false)
    const twilio = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'secret' }
    expect(loadConfig(twilio)).toMatchObject({ devRoutes: false, realProvider: true })
    expect(loadConfig({ ...twilio, DEV_ROUTES: 'true' }).devRoutes).toBe(true)
    expect(loadConfig({ SMS_FALLBACK_PROVIDER: 'plivo', PLIVO_AUTH_ID: 'MA1', PLIVO_AUTH_TOKEN: 'secret' })).toMatchObject({
      devRoutes: false,
      realProvider: true,
    })
    expect(
      loadConfig({ SERVICEBUS_NAMESPACE: 'ns.servicebus.windows.net', API_TOKENS: token(1), INTERNAL_API_TOKEN: token(2) }).devRoutes,
    ).toBe(false)
    expect(
      configErrorOf({
        SERVICEBUS_NAMESPACE: 'ns.servicebus.windows.net',
        API_TOKENS: token(1),
        INTERNAL_API_TOKEN: token(2),
        DEV_ROUTES: 'true',
      }).variables,
    ).toEqual(['DEV_ROUTES'])
  })

  it('reads LIVENESS_CONSUMER_FAILED_MS (five minutes by default)', () => {
    expect(loadConfig({}).env.LIVENESS_CONSUMER_FAILED_MS).toBe(300_000)
    expect(loadConfig({ LIVENESS_CONSUMER_FAILED_MS: '60000' }).env.LIVENESS_CONSUMER_FAILED_MS).toBe(60_000)
    expect(configErrorOf({ LIVENESS_CONSUMER_FAILED_MS: '0' }).variables).toEqual(['LIVENESS_CONSUMER_FAILED_MS'])
  })

  it('waits 2 s for a paced sender slot by default and at most 15 s (a quarter of the send lease)', () => {
    expect(loadConfig({}).env.SENDER_MAX_WAIT_MS).toBe(2_000)
    expect(loadConfig({ SENDER_MAX_WAIT_MS: '15000' }).env.SENDER_MAX_WAIT_MS).toBe(15_000)
    const error = configErrorOf({ SENDER_MAX_WAIT_MS: '15001' })
    expect(error.variables).toEqual(['SENDER_MAX_WAIT_MS'])
    expect(error.message).toMatch(/SENDER_MAX_WAIT_MS: at most 15000/)
    expect(configErrorOf({ SENDER_MAX_WAIT_MS: '30000', PORT: 'abc' }).variables.sort()).toEqual(['PORT', 'SENDER_MAX_WAIT_MS'])
  })

  it('keeps the shutdown grace above the slot wait when sender pacing is on', () => {
    const defaults = loadConfig({ SENDER_INTERVAL_MS: '1000', SENDER_MAX_WAIT_MS: '15000' }).env
    expect(defaults.SHUTDOWN_GRACE_MS).toBeGreaterThan(defaults.SENDER_MAX_WAIT_MS)
    const error = configErrorOf({ SENDER_INTERVAL_MS: '1000', SENDER_MAX_WAIT_MS: '10000', SHUTDOWN_GRACE_MS: '10000' })
    expect(error.variables).toEqual(['SHUTDOWN_GRACE_MS'])
    expect(error.message).toMatch(/SHUTDOWN_GRACE_MS: must exceed SENDER_MAX_WAIT_MS \(10000\)/)
    // Without pacing nothing waits for a slot.
    expect(loadConfig({ SENDER_MAX_WAIT_MS: '10000', SHUTDOWN_GRACE_MS: '5000' }).env.SHUTDOWN_GRACE_MS).toBe(5_000)
    expect(configErrorOf({ SENDER_INTERVAL_MS: '1000', SHUTDOWN_GRACE_MS: '2000' }).variables).toEqual(['SHUTDOWN_GRACE_MS'])
  })

  it('requires the credentials of the chosen provider and fallback', () => {
    const error = configErrorOf({ SMS_PROVIDER: 'twilio', SMS_FALLBACK_PROVIDER: 'plivo', PLIVO_AUTH_ID: 'MA123' })
    expect(error.variables.sort()).toEqual(['PLIVO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'])
    expect(error.message).toMatch(/TWILIO_AUTH_TOKEN: required when SMS_PROVIDER=twilio/)
  })

  it('rejects a fallback equal to the primary', () => {
    expect(configErrorOf({ SMS_FALLBACK_PROVIDER: 'simulated' }).variables).toEqual(['SMS_FALLBACK_PROVIDER'])
  })

  it('requires real tokens when Service Bus is configured, and never generates them there', () => {
    const error = configErrorOf({ SERVICEBUS_NAMESPACE: 'ns.servicebus.windows.net' })
    expect(error.variables.sort()).toEqual(['API_TOKENS', 'INTERNAL_API_TOKEN'])
    const ok = loadConfig({ SERVICEBUS_NAMESPACE: 'ns.servicebus.windows.net', API_TOKENS: token(1), INTERNAL_API_TOKEN: token(2) })
    expect(ok.queueMode).toBe('servicebus')
    expect(ok.runMigrations).toBe(false)
    expect(ok.generatedTokens).toEqual({})
  })

  it('accepts JWT settings instead of static tokens, all three or none', () => {
    expect(configErrorOf({ JWT_ISSUER: 'https://issuer' }).variables.sort()).toEqual(['JWT_AUDIENCE', 'JWT_JWKS_URL'])
    const config = loadConfig({
      SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=b',
      JWT_ISSUER: 'https://issuer',
      JWT_AUDIENCE: 'sms',
      JWT_JWKS_URL: 'https://issuer/.well-known/jwks.json',
      INTERNAL_API_TOKEN: token(1),
    })
    expect(config.apiTokens).toEqual([])
  })

  it('rejects short secrets and both Service Bus authentication forms together', () => {
    const error = configErrorOf({
      API_TOKENS: 'short',
      INTERNAL_API_TOKEN: 'short',
      SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://x/',
      SERVICEBUS_NAMESPACE: 'x.servicebus.windows.net',
    })
    expect(error.variables.sort()).toEqual(['API_TOKENS', 'INTERNAL_API_TOKEN', 'SERVICEBUS_NAMESPACE'])
  })

  it('turns metrics on with an agent host, and lets METRICS_ENABLED override', () => {
    expect(loadConfig({ DD_AGENT_HOST: 'datadog' }).metricsEnabled).toBe(true)
    expect(loadConfig({ DD_AGENT_HOST: 'datadog', METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false)
    expect(configErrorOf({ METRICS_ENABLED: 'perhaps' }).variables).toEqual(['METRICS_ENABLED'])
  })

  it('describes every variable (the README table is generated from these)', () => {
    for (const [name, schema] of Object.entries(configSchema.shape)) {
      expect(schema.description, name).toBeTruthy()
    }
  })
})
