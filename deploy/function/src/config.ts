import { z } from 'zod'

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

// Azure app settings left blank arrive as empty strings: treat them as unset.
const blankAsUnset = (value: unknown) => (value === '' ? undefined : value)
const optionalText = () => z.preprocess(blankAsUnset, z.string().min(1).optional())
const secret = (what: string) => z.string().min(16, `${what} must be at least 16 characters`)
const httpUrl = () =>
  z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
    .refine((v) => !v.includes('?') && !v.includes('#'), 'must not carry a query string or fragment')
    .transform((v) => v.replace(/\/+$/, ''))
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(blankAsUnset, z.coerce.number().int().min(min).max(max).default(fallback))
const bool = () =>
  z.preprocess(
    blankAsUnset,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default('false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  )

/** Every environment variable the function reads. */
export const configSchema = z.object({
  WEBHOOK_PUBLIC_BASE_URL: httpUrl().describe(
    'Public base URL the providers call (scheme, host, optional path prefix). Signatures are checked against it + the request path + its query string, never against the Host header.',
  ),
  SMS_SERVICE_URL: httpUrl().describe('Base URL of the SMS service (container app) the webhooks are forwarded to.'),
  INTERNAL_API_TOKEN: secret('INTERNAL_API_TOKEN').describe('Bearer token of the service internal endpoints (secret).'),
  TWILIO_AUTH_TOKEN: optionalText().describe('Twilio auth token; unset disables the /api/twilio routes (secret).'),
  TWILIO_AUTH_TOKEN_PREVIOUS: optionalText().describe(
    'Twilio auth token being rotated out: a signature valid under it is still accepted (the current token is tried first). Unset once the rotation is over (secret).',
  ),
  PLIVO_AUTH_TOKEN: optionalText().describe('Plivo auth token; unset disables the /api/plivo routes (secret).'),
  PLIVO_AUTH_TOKEN_PREVIOUS: optionalText().describe(
    'Plivo auth token being rotated out: a signature valid under it is still accepted (the current token is tried first). Unset once the rotation is over (secret).',
  ),
  PLIVO_MAIN_AUTH_TOKEN: optionalText().describe('Main account token, for `X-Plivo-Signature-Ma-V3` on subaccount webhooks (secret).'),
  PLIVO_ALLOW_V2_SIGNATURES: bool().describe('Accept Plivo V2 signatures when V3 is absent. V2 does not cover the body: off by default.'),
  FORWARD_TIMEOUT_MS: int(3000, 100, 30000).describe('Timeout of one call to the service.'),
  FORWARD_MAX_RETRIES: int(2, 0, 10).describe('Retries of a transient failure (network, timeout, 408, 429, 5xx).'),
  FORWARD_RETRY_BASE_DELAY_MS: int(200, 0, 10000).describe('First backoff delay; doubles per retry, with jitter.'),
  FORWARD_UNKNOWN_MESSAGE_RETRIES: int(4, 0, 10).describe(
    'Retries of a delivery report the service does not know yet (404 UNKNOWN_PROVIDER_MESSAGE: the report outran the commit of its send). Then it is acknowledged and counted.',
  ),
  FORWARD_UNKNOWN_MESSAGE_DELAY_MS: int(500, 0, 5000).describe(
    'First delay of those retries; doubles per retry, with jitter, each wait capped at 2 s.',
  ),
  DD_AGENT_HOST: optionalText().describe('DogStatsD host; setting it turns metrics on.'),
  DD_DOGSTATSD_PORT: int(8125, 1, 65535).describe('DogStatsD UDP port.'),
  DD_ENV: optionalText().describe('`env` tag on every metric.'),
  DD_SERVICE: z.preprocess(blankAsUnset, z.string().default('sms-webhook-function')).describe('`service` tag on every metric.'),
  DD_VERSION: optionalText().describe('`version` tag on every metric.'),
  LOG_LEVEL: z.preprocess(blankAsUnset, z.enum(LOG_LEVELS).default('info')).describe('Lowest level logged.'),
})

export interface FunctionConfig {
  publicBaseUrl: string
  serviceUrl: string
  internalApiToken: string
  /** `previousAuthToken`: the token being rotated out, still accepted after the current one. */
  twilio: { authToken: string; previousAuthToken?: string | undefined } | null
  plivo: {
    authToken: string
    previousAuthToken?: string | undefined
    mainAccountAuthToken: string | undefined
    allowV2Signatures: boolean
  } | null
  forwarding: { timeoutMs: number; maxRetries: number; baseDelayMs: number; notFoundRetries: number; notFoundBaseDelayMs: number }
  metrics: { host: string; port: number; tags: Record<string, string> } | null
  logLevel: LogLevel
}

/** Thrown at cold start; names every offending variable and never echoes a value (some are secrets). */
export class ConfigError extends Error {
  readonly code = 'FUNCTION_CONFIG_INVALID'
  constructor(readonly problems: ReadonlyArray<{ variable: string; message: string }>) {
    super(`Invalid function configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`)
    this.name = 'ConfigError'
  }
}

export function loadConfig(env: Record<string, string | undefined>): FunctionConfig {
  const parsed = configSchema.safeParse(env)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
      }))
  // Checked apart from the schema so it is reported together with every other problem.
  if (!env.TWILIO_AUTH_TOKEN && !env.PLIVO_AUTH_TOKEN) {
    for (const variable of ['TWILIO_AUTH_TOKEN', 'PLIVO_AUTH_TOKEN']) {
      problems.push({ variable, message: 'set at least one provider auth token' })
    }
  }
  // A previous token alone would leave the routes off while looking configured: say so instead.
  for (const [previous, current] of [
    ['TWILIO_AUTH_TOKEN_PREVIOUS', 'TWILIO_AUTH_TOKEN'],
    ['PLIVO_AUTH_TOKEN_PREVIOUS', 'PLIVO_AUTH_TOKEN'],
  ] as const) {
    if (env[previous] && !env[current]) problems.push({ variable: previous, message: `only accepted together with ${current}` })
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const e = parsed.data
  const tags: Record<string, string> = { service: e.DD_SERVICE }
  if (e.DD_ENV) tags.env = e.DD_ENV
  if (e.DD_VERSION) tags.version = e.DD_VERSION
  return {
    publicBaseUrl: e.WEBHOOK_PUBLIC_BASE_URL,
    serviceUrl: e.SMS_SERVICE_URL,
    internalApiToken: e.INTERNAL_API_TOKEN,
    twilio: e.TWILIO_AUTH_TOKEN ? { authToken: e.TWILIO_AUTH_TOKEN, previousAuthToken: e.TWILIO_AUTH_TOKEN_PREVIOUS } : null,
    plivo: e.PLIVO_AUTH_TOKEN
      ? {
          authToken: e.PLIVO_AUTH_TOKEN,
          previousAuthToken: e.PLIVO_AUTH_TOKEN_PREVIOUS,
          mainAccountAuthToken: e.PLIVO_MAIN_AUTH_TOKEN,
          allowV2Signatures: e.PLIVO_ALLOW_V2_SIGNATURES,
        }
      : null,
    forwarding: {
      timeoutMs: e.FORWARD_TIMEOUT_MS,
      maxRetries: e.FORWARD_MAX_RETRIES,
      baseDelayMs: e.FORWARD_RETRY_BASE_DELAY_MS,
      notFoundRetries: e.FORWARD_UNKNOWN_MESSAGE_RETRIES,
      notFoundBaseDelayMs: e.FORWARD_UNKNOWN_MESSAGE_DELAY_MS,
    },
    metrics: e.DD_AGENT_HOST ? { host: e.DD_AGENT_HOST, port: e.DD_DOGSTATSD_PORT, tags } : null,
    logLevel: e.LOG_LEVEL,
  }
}
