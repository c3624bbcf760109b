import { z } from 'zod'

export const PROVIDERS = ['simulated', 'twilio', 'plivo'] as const
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
const DATABASE_SCHEMES = ['sqlite:', 'postgres://', 'postgresql://', 'mssql://', 'sqlserver://']

const optionalString = () => z.string().min(1).optional()
const secret = (what: string) => z.string().min(16, `${what} must be at least 16 characters`)
const port = (fallback: number, min = 1) => z.coerce.number().int().min(min).max(65535).default(fallback)
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)
const url = () => z.url({ protocol: /^https?$/ })
const bool = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional()
const list = (what: string) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    )
    .pipe(z.array(secret(`each ${what}`)).min(1, 'needs at least one token'))
    .optional()
const PLACEHOLDER = '{provider}'
// `{provider}` is replaced by the provider's name before use (core `callbackUrlFor`, the provider adapters), so
// the URL is checked with a name in its place: braces would otherwise fail in a host name, and a misspelt
// placeholder must not reach a provider as a literal path.
const callbackUrl = () =>
  z.string().superRefine((v, ctx) => {
    const filled = v.replaceAll(PLACEHOLDER, 'twilio')
    if (/[{}]/.test(filled)) {
      ctx.addIssue({ code: 'custom', message: `the only placeholder is ${PLACEHOLDER}` })
      return
    }
    if (!url().safeParse(filled).success) ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' })
  })

/** Longest SENDER_MAX_WAIT_MS: the core allows a quarter of the claim lease, which the app leaves at 60 s. */
export const SENDER_MAX_WAIT_LIMIT_MS = 15_000

/** Every environment variable the container app reads, each checked on its own. */
const envObject = z.object({
  PORT: port(3000, 0).describe('HTTP port (0: any free port).'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface to listen on.'),
  DATABASE_URL: z
    .string()
    .default('sqlite:.data/sms.db')
    .refine((v) => DATABASE_SCHEMES.some((s) => v.startsWith(s)), {
      message: `must start with one of ${DATABASE_SCHEMES.join(', ')}`,
    })
    .describe('Database: `sqlite:<path>` (relative to the working directory), `postgres://…` or `mssql://…`.'),
  RUN_MIGRATIONS: bool().describe(
    'Run migrations at startup. Default: on with the embedded queue, off with Service Bus (use the `migrate` CLI).',
  ),
  SERVICEBUS_CONNECTION_STRING: optionalString().describe(
    'Service Bus connection string. Unset (and no namespace): the embedded in-process queue.',
  ),
  SERVICEBUS_NAMESPACE: optionalString().describe(
    'Fully qualified Service Bus namespace for managed identity (`<name>.servicebus.windows.net`).',
  ),
  AZURE_CLIENT_ID: optionalString().describe('Client id of a user-assigned managed identity (with SERVICEBUS_NAMESPACE).'),
  SERVICEBUS_TOPIC: z.string().min(1).default('order-notifications').describe('Topic carrying `SendOrderConfirmationSms`.'),
  SERVICEBUS_SUBSCRIPTION: z.string().min(1).default('sms-notification').describe('Subscription of this service on that topic.'),
  SERVICEBUS_RETRY_QUEUE: z.string().min(1).default('sms-notification-retry').describe('Queue owned by the service for delayed retries.'),
  SERVICEBUS_OPTOUT_TOPIC: z.string().min(1).default('sms-optout').describe('Topic receiving `SmsUnsubscribe` / `SmsResubscribe`.'),
  SERVICEBUS_MAX_CONCURRENT_CALLS: positiveInt(4).describe('Messages handled at once per replica.'),
  SERVICEBUS_WATCHDOG_CHECK: z
    .enum(['waiting-messages', 'silence', 'none'])
    .default('waiting-messages')
    .describe(
      'How the receiver watchdog tells a stalled receiver from an idle one: `waiting-messages` (needs Manage rights; falls back to `silence` without them), `silence`, or `none`.',
    ),
  SMS_PROVIDER: z.enum(PROVIDERS).default('simulated').describe('Primary provider: `simulated`, `twilio` or `plivo`.'),
  SMS_FALLBACK_PROVIDER: z
    .enum(PROVIDERS)
    .optional()
    .describe('Provider tried when the primary fails transiently (never after a permanent rejection).'),
  PROVIDER_TIMEOUT_MS: positiveInt(10000).describe('Timeout of one provider API call.'),
  TWILIO_ACCOUNT_SID: optionalString().describe('Twilio account SID (required for twilio).'),
  TWILIO_AUTH_TOKEN: optionalString().describe('Twilio auth token (required for twilio; secret).'),
  TWILIO_API_BASE_URL: url().optional().describe('Override of the Twilio API base URL (tests, proxies).'),
  TWILIO_MESSAGING_SERVICE_SID: optionalString().describe('Messaging Service new numbers are attached to (US A2P 10DLC).'),
  PLIVO_AUTH_ID: optionalString().describe('Plivo auth id (required for plivo).'),
  PLIVO_AUTH_TOKEN: optionalString().describe('Plivo auth token (required for plivo; secret).'),
  PLIVO_API_BASE_URL: url().optional().describe('Override of the Plivo API base URL (tests, proxies).'),
  PLIVO_APPLICATION_ID: optionalString().describe('Plivo application linked to new numbers (inbound webhook).'),
  API_TOKENS: list('API token').describe('Comma-separated bearer tokens for the public API (each ≥ 16 characters; secret).'),
  JWT_ISSUER: optionalString().describe('Expected `iss` of public-API JWTs.'),
  JWT_AUDIENCE: optionalString().describe('Expected `aud` of public-API JWTs.'),
  JWT_JWKS_URL: url().optional().describe('JWKS URL the JWT signing keys are fetched from.'),
  INTERNAL_API_TOKEN: list('internal token').describe(
    'Comma-separated bearer tokens of the internal endpoints (each ≥ 16 characters; secret). Several at once allow rotation without downtime.',
  ),
  DD_AGENT_HOST: optionalString().describe('DogStatsD host; setting it turns metrics on.'),
  DD_DOGSTATSD_PORT: port(8125).describe('DogStatsD UDP port.'),
  DD_ENV: optionalString().describe('`env` tag on every metric.'),
  DD_SERVICE: z.string().min(1).default('sms-notification').describe('`service` tag on every metric.'),
  DD_VERSION: optionalString().describe('`version` tag on every metric.'),
  METRICS_ENABLED: bool().describe('Force metrics on or off. Default: on when DD_AGENT_HOST is set.'),
  METRICS_PREFIX: z.string().default('').describe('Prefix added to metric names that do not already start with it.'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info').describe('pino log level.'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString().describe('Turns on OpenTelemetry tracing to Application Insights.'),
  STATUS_CALLBACK_URL: callbackUrl()
    .optional()
    .describe(
      'Delivery status callback URL given to the provider (the webhook function); `{provider}` is replaced by the name of the provider sending.',
    ),
  INBOUND_WEBHOOK_URL: callbackUrl()
    .optional()
    .describe('Inbound SMS webhook URL attached to newly provisioned numbers; `{provider}` is replaced by the provider name.'),
  DEFAULT_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US')
    .default('US')
    .describe('Region for phone numbers without a country code, and country of provisioned numbers.'),
  SHUTDOWN_GRACE_MS: positiveInt(20000).describe(
    'Time in-flight messages get to finish on SIGTERM. With sender pacing, must exceed SENDER_MAX_WAIT_MS (the default does: at most 15000), so a handler waiting for its slot can still finish.',
  ),
  MAX_ATTEMPTS: positiveInt(8).describe('Delivery attempts of one event before it is dead-lettered.'),
  SENDER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(0)
    .describe(
      'Time between two sends from one venue number (1000 for a US long code, about 333 for toll-free); 0 turns sender pacing off.',
    ),
  SENDER_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .positive()
    // The core refuses a wait above a quarter of the claim's lease (60 s): a paced send must end well before a
    // duplicate delivery may take its claim over and send again.
    .max(SENDER_MAX_WAIT_LIMIT_MS, `at most ${SENDER_MAX_WAIT_LIMIT_MS} (a quarter of the 60 s send lease)`)
    .default(2000)
    .describe(
      `Longest in-process wait for a paced sender slot before the message goes back to the queue until its slot (not counted as an attempt). At most ${SENDER_MAX_WAIT_LIMIT_MS}, a quarter of the 60 s send lease; kept short so one venue's burst cannot hold every concurrent handler. Keep SHUTDOWN_GRACE_MS above it.`,
    ),
  HTTP_BODY_LIMIT: positiveInt(65536).describe('Largest accepted request body in bytes.'),
  LIVENESS_CONSUMER_FAILED_MS: positiveInt(300000).describe(
    'How long the queue consumer may stay `failed` (stopped on a fatal Service Bus error) before `/healthz/live` fails, so the platform restarts the replica. Readiness fails at once.',
  ),
  DEV_ROUTES: bool().describe(
    'Serve `/api/dev/*` (queue an event, read the simulated outbox). Default: on only with the embedded queue and the `simulated` provider. `true` with twilio/plivo is UNSAFE: any public token can then text any number. Never served with Service Bus.',
  ),
})

type EnvFields = z.output<typeof envObject>

/**
 * What the rules between fields read. When some field failed its own check they still run (so one startup
 * error names every offending variable), and then a field may hold its raw string or a half-parsed value: the
 * rules only test presence and compare against known names, never trust a type.
 */
export type CrossFieldInput = { readonly [K in keyof EnvFields]?: unknown }

export interface CrossFieldIssue {
  variable: keyof EnvFields
  message: string
}

const isProvider = (value: unknown): value is ProviderName => (PROVIDERS as readonly unknown[]).includes(value)

/** The rules between variables: provider credentials, JWT settings as a set, real tokens with Service Bus. */
export function crossFieldIssues(env: CrossFieldInput): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = []
  const need = (variable: keyof EnvFields, why: string) => {
    if (env[variable] === undefined) issues.push({ variable, message: `required ${why}` })
  }
  for (const variable of ['SMS_PROVIDER', 'SMS_FALLBACK_PROVIDER'] as const) {
    const provider = env[variable]
    if (provider === 'twilio') {
      need('TWILIO_ACCOUNT_SID', `when ${variable}=twilio`)
      need('TWILIO_AUTH_TOKEN', `when ${variable}=twilio`)
    }
    if (provider === 'plivo') {
      need('PLIVO_AUTH_ID', `when ${variable}=plivo`)
      need('PLIVO_AUTH_TOKEN', `when ${variable}=plivo`)
    }
  }
  if (isProvider(env.SMS_FALLBACK_PROVIDER) && env.SMS_FALLBACK_PROVIDER === env.SMS_PROVIDER) {
    issues.push({ variable: 'SMS_FALLBACK_PROVIDER', message: 'must differ from SMS_PROVIDER' })
  }
  if (env.SERVICEBUS_CONNECTION_STRING !== undefined && env.SERVICEBUS_NAMESPACE !== undefined) {
    issues.push({ variable: 'SERVICEBUS_NAMESPACE', message: 'set either SERVICEBUS_CONNECTION_STRING or SERVICEBUS_NAMESPACE, not both' })
  }
  if (env.JWT_ISSUER !== undefined || env.JWT_AUDIENCE !== undefined || env.JWT_JWKS_URL !== undefined) {
    need('JWT_ISSUER', 'with the other JWT_* settings')
    need('JWT_AUDIENCE', 'with the other JWT_* settings')
    need('JWT_JWKS_URL', 'with the other JWT_* settings')
  }
  // A handler waiting for a paced slot when SIGTERM arrives must be able to finish inside the grace period.
  const { SENDER_INTERVAL_MS: interval, SENDER_MAX_WAIT_MS: maxWait, SHUTDOWN_GRACE_MS: grace } = env
  // Unset: the default; anything but a number failed its own check and is named already.
  const orDefault = (value: unknown, fallback: number) => (value === undefined ? fallback : typeof value === 'number' ? value : undefined)
  const maxWaitMs = orDefault(maxWait, 2000)
  const graceMs = orDefault(grace, 20000)
  if (typeof interval === 'number' && interval > 0 && maxWaitMs !== undefined && graceMs !== undefined && graceMs <= maxWaitMs) {
    issues.push({ variable: 'SHUTDOWN_GRACE_MS', message: `must exceed SENDER_MAX_WAIT_MS (${maxWaitMs}) when sender pacing is on` })
  }
  // Development tokens and routes exist only on the embedded queue; a deployment must bring its own tokens.
  const serviceBus = env.SERVICEBUS_CONNECTION_STRING !== undefined || env.SERVICEBUS_NAMESPACE !== undefined
  if (serviceBus) {
    need('INTERNAL_API_TOKEN', 'when Service Bus is configured')
    if (env.API_TOKENS === undefined && env.JWT_ISSUER === undefined) {
      issues.push({
        variable: 'API_TOKENS',
        message: 'API_TOKENS or JWT_ISSUER/JWT_AUDIENCE/JWT_JWKS_URL required when Service Bus is configured',
      })
    }
    if (env.DEV_ROUTES === true) issues.push({ variable: 'DEV_ROUTES', message: 'development routes are never served with Service Bus' })
  }
  return issues
}

/**
 * Every environment variable the container app reads. Descriptions feed the README's configuration table.
 * Exported so deployment templates can be checked against it.
 */
export const configSchema = envObject.superRefine(
  (env, ctx) => {
    for (const issue of crossFieldIssues(env as CrossFieldInput))
      ctx.addIssue({ code: 'custom', path: [issue.variable], message: issue.message })
  },
  // zod skips an object's refinements once a field failed; run them anyway on what was given.
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
)

export type EnvConfig = z.output<typeof configSchema>
export type ProviderName = (typeof PROVIDERS)[number]
