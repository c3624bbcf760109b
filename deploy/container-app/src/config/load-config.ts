import { randomBytes } from 'node:crypto'
import { ConfigError } from './config-error.js'
import { configSchema, type EnvConfig } from './config-schema.js'

export interface AppConfig {
  env: EnvConfig
  /** `embedded`: the in-process queue; generated tokens are allowed. */
  queueMode: 'embedded' | 'servicebus'
  /**
   * Serve `/api/dev/*`: on the embedded queue with only the simulated provider, unless DEV_ROUTES says
   * otherwise; never with Service Bus. With a real provider they would let any public token text any number.
   */
  devRoutes: boolean
  /** The primary or fallback provider sends real SMS (twilio or plivo). */
  realProvider: boolean
  runMigrations: boolean
  metricsEnabled: boolean
  apiTokens: readonly string[]
  /** Every accepted internal token: more than one while a token is being rotated. */
  internalTokens: readonly string[]
  /** Tokens made up at startup because none were configured (embedded default only); printed once. */
  generatedTokens: { apiToken?: string; internalToken?: string }
}

export interface LoadConfigOptions {
  generateToken?: () => string
}

/** Validates the environment; throws `ConfigError` naming every bad or missing variable. */
export function loadConfig(source: Record<string, string | undefined>, options: LoadConfigOptions = {}): AppConfig {
  const known = new Set(Object.keys(configSchema.shape))
  // An empty value (`FOO=` in an env file) means "not set", so the default applies.
  const input = Object.fromEntries(Object.entries(source).filter(([k, v]) => known.has(k) && v !== undefined && v !== ''))
  const parsed = configSchema.safeParse(input)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })))
  }
  const env = parsed.data
  const generate = options.generateToken ?? (() => `dev-${randomBytes(18).toString('base64url')}`)
  const queueMode = env.SERVICEBUS_CONNECTION_STRING || env.SERVICEBUS_NAMESPACE ? 'servicebus' : 'embedded'
  const generatedTokens: AppConfig['generatedTokens'] = {}
  let apiTokens = env.API_TOKENS ?? []
  if (apiTokens.length === 0 && env.JWT_ISSUER === undefined) {
    generatedTokens.apiToken = generate()
    apiTokens = [generatedTokens.apiToken]
  }
  let internalTokens = env.INTERNAL_API_TOKEN ?? []
  if (internalTokens.length === 0) {
    generatedTokens.internalToken = generate()
    internalTokens = [generatedTokens.internalToken]
  }
  const realProvider = [env.SMS_PROVIDER, env.SMS_FALLBACK_PROVIDER].some((p) => p !== undefined && p !== 'simulated')
  return {
    env,
    queueMode,
    devRoutes: queueMode === 'embedded' && (env.DEV_ROUTES ?? !realProvider),
    realProvider,
    runMigrations: env.RUN_MIGRATIONS ?? queueMode === 'embedded',
    metricsEnabled: env.METRICS_ENABLED ?? env.DD_AGENT_HOST !== undefined,
    apiTokens,
    internalTokens,
    generatedTokens,
  }
}
